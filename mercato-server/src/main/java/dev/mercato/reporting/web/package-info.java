/** HTTP endpoints for reports, as JSON and CSV. */
package dev.mercato.reporting.web;
