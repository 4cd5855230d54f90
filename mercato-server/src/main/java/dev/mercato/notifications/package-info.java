/** Email to users and operators: templates, a transactional mail outbox, delivery over SMTP, and preferences. */
package dev.mercato.notifications;
