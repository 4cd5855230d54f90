/** Search and browse over published listings (PostgreSQL full-text search, facets, keyset pages) and featured placements. */
package dev.mercato.search;
