/** The transactional outbox for operators: incomplete event publications listed and resubmitted, on demand and on a schedule. */
package dev.mercato.platform.outbox;
