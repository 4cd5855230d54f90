/** HTTP endpoints for payout accounts. */
package dev.mercato.payouts.web;
