/** HTTP endpoints for users and API keys, and the filter that authenticates every request. */
package dev.mercato.identity.web;
