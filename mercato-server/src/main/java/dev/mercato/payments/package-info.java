/**
 * Payments through a processor: the {@link dev.mercato.payments.PaymentProcessor} port with its
 * simulated and Stripe adapters, payment attempts that a janitor reconciles, connected accounts
 * and transfers for sellers, and verified processor webhooks published as events.
 */
package dev.mercato.payments;
