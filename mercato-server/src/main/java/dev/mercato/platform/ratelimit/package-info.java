/** Per-key and per-IP request limits by endpoint class, shared through Redis when configured, in-process otherwise. */
package dev.mercato.platform.ratelimit;
