/** The ledger's HTTP API under /v1/ledger. */
package dev.mercato.ledger.web;
