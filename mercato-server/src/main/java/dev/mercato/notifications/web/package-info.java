/** HTTP endpoints for email preferences and for operators reading the mail outbox. */
package dev.mercato.notifications.web;
