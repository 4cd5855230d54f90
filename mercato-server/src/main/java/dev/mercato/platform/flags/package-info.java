/** Feature flags: operator-managed definitions, their in-memory snapshot and its evaluation, and the flag API. */
package dev.mercato.platform.flags;
