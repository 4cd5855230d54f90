/** The local-filesystem adapter of the file storage port. */
package dev.mercato.platform.storage;
