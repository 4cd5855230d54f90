/** Reviews and ratings of listings: one per verified purchase, moderated, with aggregates kept current. */
package dev.mercato.reviews;
