/** Marketplace analytics: listing views, purchases, conversion and revenue per listing, seller and category over day, week and month windows. */
package dev.mercato.analytics;
