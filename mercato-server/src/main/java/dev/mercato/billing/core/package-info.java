/** Billing's rules without Spring or JDBC: the subscription state machine, proration and billing periods. */
package dev.mercato.billing.core;
