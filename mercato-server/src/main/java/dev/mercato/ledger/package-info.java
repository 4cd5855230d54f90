/**
 * The double-entry ledger: accounts, balanced transactions, two-phase holds, reversals, balances
 * and verification. Other modules call {@link dev.mercato.ledger.Ledger} and
 * {@link dev.mercato.ledger.Accounts} inside their own database transaction; nothing else writes
 * ledger tables.
 */
package dev.mercato.ledger;
