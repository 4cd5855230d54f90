/** HTTP API of reviews: writing, reading, replying, voting, reporting and moderating. */
package dev.mercato.reviews.web;
