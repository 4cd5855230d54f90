/** Stores the first response to each POST with an Idempotency-Key and replays it, across instances. */
package dev.mercato.platform.idempotency;
