/** HTTP endpoints for recording listing views and reading the listing, seller and marketplace analytics payloads. */
package dev.mercato.analytics.web;
