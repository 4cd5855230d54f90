/**
 * Reward tokens: earning rules and the awards they make, every award a ledger transaction from the
 * token treasury to the user's wallet (docs/rewards.md).
 */
package dev.mercato.rewards;
