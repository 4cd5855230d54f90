/** Mercato: a marketplace and monetization engine whose every movement of value is a ledger posting. */
package dev.mercato;
