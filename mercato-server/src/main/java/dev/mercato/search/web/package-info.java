/** HTTP endpoints of search, browse and featured placements. */
package dev.mercato.search.web;
