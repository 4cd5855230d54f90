package dev.mercato.verification.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The result cache in this process's memory: entries live {@code ttl}, at most {@code maxEntries} of them. */
public final class LocalResultCache implements VerificationEngine.ResultCache {

    private record Entry(List<Scorer.Score> scores, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;

    public LocalResultCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    @Override
    public Optional<List<Scorer.Score>> get(String key) {
        Entry e = entries.get(key);
        if (e == null || !clock.instant().isBefore(e.expires())) {
            return Optional.empty();
        }
        return Optional.of(e.scores());
    }

    @Override
    public void put(String key, List<Scorer.Score> scores) {
        if (entries.size() >= maxEntries) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !now.isBefore(e.expires()));
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(key, new Entry(scores, clock.instant().plus(ttl)));
    }
}
