/** HTTP API for webhook endpoints, their delivery logs, and the events Mercato emits. */
package dev.mercato.webhooks.web;
