/**
 * Campaigns: buyers fund requests for thoughtful written responses into an escrow account in the
 * ledger; responders reserve a slot, submit, and are paid from escrow automatically when the
 * verification engine passes the response (or the buyer approves a borderline one); unspent escrow
 * goes back to the buyer. Exactly the funded number of responses is ever paid.
 */
package dev.mercato.campaigns;
