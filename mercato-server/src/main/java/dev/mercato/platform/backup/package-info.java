/** Scheduled logical backups of the database with pg_dump, and their retention. */
package dev.mercato.platform.backup;
