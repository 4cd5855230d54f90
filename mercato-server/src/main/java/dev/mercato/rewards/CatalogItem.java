package dev.mercato.rewards;

import java.time.Duration;
import java.time.Instant;

/**
 * Something tokens buy. {@code disposal} says where the price goes: {@code burn} (gone for good) or
 * {@code treasury} (back into circulation's source).
 *
 * @param duration how long the benefit lasts from the spend; null for good
 */
public record CatalogItem(String id, String description, long price, String disposal, Duration duration, boolean active,
        Instant createdAt, Instant updatedAt) {
}
