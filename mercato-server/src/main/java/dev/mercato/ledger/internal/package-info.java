/** PostgreSQL implementation of the ledger: the batch engine, group commit, sealing, expiry and verification. */
package dev.mercato.ledger.internal;
