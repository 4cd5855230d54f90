/** HTTP endpoints for listings, their files and categories. */
package dev.mercato.catalog.web;
