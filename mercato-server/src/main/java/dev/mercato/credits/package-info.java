/**
 * Prepaid credit wallets: credits granted on signup, bought as top-ups or given by operators, held
 * as lots with an optional expiry and drawn soonest-expiring first, every movement a ledger posting.
 */
package dev.mercato.credits;
