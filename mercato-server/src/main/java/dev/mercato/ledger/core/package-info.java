/** The ledger's rules — validation, balance arithmetic, reversal allocation, hashing — free of Spring and JDBC. */
package dev.mercato.ledger.core;
