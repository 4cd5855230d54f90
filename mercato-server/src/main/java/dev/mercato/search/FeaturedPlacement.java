package dev.mercato.search;

import java.time.Instant;

/**
 * A listing featured from {@code startsAt} (inclusive) until {@code endsAt} (exclusive).
 *
 * @param source    who put it there: an operator ({@code curated}) or the seller who bought it ({@code purchased})
 * @param reference what the placement was bought with (an order or payment id); one placement per source and reference
 */
public record FeaturedPlacement(String id, String listingId, Instant startsAt, Instant endsAt, Source source,
        String reference, Instant createdAt, Instant removedAt) {

    public enum Source {
        CURATED, PURCHASED;

        public String code() {
            return name().toLowerCase();
        }

        public static Source of(String code) {
            return valueOf(code.toUpperCase());
        }
    }
}
