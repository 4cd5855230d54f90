/** The Stripe adapter: PaymentIntents with manual capture, Connect Express accounts, transfers, webhooks. */
package dev.mercato.payments.stripe;
