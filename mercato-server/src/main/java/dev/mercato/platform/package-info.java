/** Cross-cutting mechanisms every module relies on: ids, errors, the clock, idempotency, pagination. */
package dev.mercato.platform;
