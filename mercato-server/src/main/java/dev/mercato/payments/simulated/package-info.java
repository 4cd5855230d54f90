/** The built-in simulated processor: test tokens, Stripe-like idempotency, signed webhooks, no network. */
package dev.mercato.payments.simulated;
