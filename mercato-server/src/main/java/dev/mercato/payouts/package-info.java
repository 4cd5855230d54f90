/** Seller payouts: payout accounts with the processor, earnings becoming available, and payouts. */
package dev.mercato.payouts;
