package dev.mercato.search;

import java.time.Instant;

/**
 * A featured listing with the placement that features it; {@code sponsored} is true for a bought
 * placement, so clients label it as an advertisement.
 */
public record FeaturedHit(String placementId, String source, boolean sponsored, Instant startsAt, Instant endsAt,
        SearchHit listing) {
}
