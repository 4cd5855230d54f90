/** HTTP endpoints for a caller's credit balance and history, top-ups, and operators' grants. */
package dev.mercato.credits.web;
