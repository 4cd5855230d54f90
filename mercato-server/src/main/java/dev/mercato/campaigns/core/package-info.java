/**
 * The campaigns' rules in plain Java: the campaign and submission state machines, the split of a
 * reward into the responder's earnings and the fees, the checks on a response's text, and the key
 * themes of accepted responses.
 */
package dev.mercato.campaigns.core;
