/** Settings of the notifications module and the translation of {@code MERCATO_SMTP_URL} into Spring Mail's. */
package dev.mercato.notifications.internal;
