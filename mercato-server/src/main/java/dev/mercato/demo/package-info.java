/** Demo data for {@code ./mercato run --demo}: a few users, accounts and movements to explore the API with. */
package dev.mercato.demo;
