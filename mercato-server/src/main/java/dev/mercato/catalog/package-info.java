/** The catalog: listings with their lifecycle and immutable published versions, categories, and product files. */
package dev.mercato.catalog;
