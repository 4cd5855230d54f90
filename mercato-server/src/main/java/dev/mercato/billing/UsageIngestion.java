package dev.mercato.billing;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Usage reported after the fact ({@code POST /v1/usage}): events with the caller's ids, counted once
 * per id and user into the same per-period counters {@link Entitlements#consume} uses, in the period
 * of each event's timestamp. Unlike a consume, reported usage is never refused for exceeding the
 * quota (it has happened); the counter can pass the limit and the entitlement check then says no.
 */
@Service
public class UsageIngestion {

    static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    /** One usage event as reported; {@code quantity} null means 1. */
    public record UsageEvent(String id, String feature, Long quantity,
            @JsonDeserialize(using = UtcTimestamps.class) Instant timestamp) {
    }

    /** An event that was not counted: {@code duplicate} or {@code refused}, and why. */
    public record NotCounted(String id, String status, String reason) {
    }

    /**
     * What a batch did: {@code accepted} events were new and counted, {@code duplicates} had been
     * received before (or repeat an id of this batch), {@code refused} were outside the time window.
     */
    public record Result(int received, int accepted, int duplicates, int refused, List<NotCounted> notCounted) {
    }

    private final Entitlements entitlements;
    private final UsageEvents events;
    private final BillingProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final BillingCache cache;

    UsageIngestion(Entitlements entitlements, UsageEvents events, BillingProperties properties, Clock clock,
            TransactionTemplate transactions, AuditLog audit, BillingCache cache) {
        this.cache = cache;
        this.entitlements = entitlements;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.transactions = transactions;
        this.audit = audit;
    }

    /**
     * Counts a batch of usage events for {@code userId} in one transaction. Malformed input (a bad
     * id, feature, quantity or timestamp, an unknown or unmetered feature, too many events) refuses
     * the whole batch and changes nothing; an event outside the late window or in the future is
     * refused alone; an event id seen before is a duplicate and counts nothing.
     */
    public Result ingest(String userId, List<UsageEvent> batch) {
        if (batch == null || batch.isEmpty()) {
            throw ApiException.invalid("invalid_events", "send one event, or {\"events\": [...]} with 1 to "
                    + properties.maxBatch() + " events");
        }
        if (batch.size() > properties.maxBatch()) {
            throw new ApiException(400, "batch_too_large", "a batch holds at most " + properties.maxBatch()
                    + " events; this one has " + batch.size() + ": split it", Map.of("max_batch", properties.maxBatch()));
        }
        Set<String> features = new LinkedHashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            validate(batch.get(i), i);
            features.add(batch.get(i).feature());
        }
        Instant now = clock.instant();
        Map<String, Feature> quotas = entitlements.quotas(userId, features, now);
        Instant oldest = now.minus(properties.lateWindow());
        Instant latest = now.plus(properties.futureSkew());

        List<NotCounted> notCounted = new ArrayList<>();
        Map<String, UsageEvents.Event> candidates = new TreeMap<>();
        int refused = 0;
        int duplicates = 0;
        for (UsageEvent e : batch) {
            if (candidates.containsKey(e.id())) {
                duplicates++;
                notCounted.add(new NotCounted(e.id(), "duplicate", "the id appears earlier in this batch"));
            } else if (e.timestamp().isBefore(oldest)) {
                refused++;
                notCounted.add(new NotCounted(e.id(), "refused", "too_late: older than the late window of "
                        + properties.lateWindow().toHours() + " h (" + oldest + ")"));
            } else if (e.timestamp().isAfter(latest)) {
                refused++;
                notCounted.add(new NotCounted(e.id(), "refused", "in_future: more than "
                        + properties.futureSkew().toSeconds() + " s ahead of the server clock (" + now + ")"));
            } else {
                long quantity = e.quantity() == null ? 1 : e.quantity();
                candidates.put(e.id(), new UsageEvents.Event(e.id(), e.feature(), quantity, e.timestamp(),
                        quotas.get(e.feature()).periodStart(e.timestamp())));
            }
        }
        List<UsageEvents.Event> sorted = List.copyOf(candidates.values());
        Set<String> inserted = transactions.execute(status -> {
            Set<String> fresh = events.insertNew(userId, sorted, now);
            Map<String, Long> sums = new TreeMap<>();
            for (UsageEvents.Event e : sorted) {
                if (fresh.contains(e.id())) {
                    sums.merge(e.feature() + "\u0000" + e.periodStart(), e.quantity(), Long::sum);
                }
            }
            List<UsageEvents.Increment> increments = new ArrayList<>();
            sums.forEach((key, quantity) -> {
                String[] parts = key.split("\u0000");
                increments.add(new UsageEvents.Increment(parts[0], Instant.parse(parts[1]), quantity));
            });
            increments.sort(Comparator.comparing(UsageEvents.Increment::feature)
                    .thenComparing(UsageEvents.Increment::periodStart));
            Map<String, Long> added = new LinkedHashMap<>();
            increments.forEach(i -> {
                added.put(i.feature() + "/" + i.periodStart(), i.quantity());
                cache.usageChanged(userId, i.feature(), i.periodStart());
            });
            for (UsageEvents.Counter counter : events.add(userId, increments, now)) {
                long quantity = added.get(counter.feature() + "/" + counter.periodStart());
                audit.changed("usage", userId + "/" + counter.feature(),
                        Map.of("used", counter.used() - quantity, "period_start", counter.periodStart().toString()),
                        Map.of("used", counter.used(), "period_start", counter.periodStart().toString(),
                                "reported", quantity));
            }
            return fresh;
        });
        for (UsageEvents.Event e : sorted) {
            if (!inserted.contains(e.id())) {
                duplicates++;
                notCounted.add(new NotCounted(e.id(), "duplicate", "an event with this id was already counted"));
            }
        }
        return new Result(batch.size(), inserted.size(), duplicates, refused, notCounted);
    }

    private void validate(UsageEvent e, int index) {
        if (e == null) {
            throw invalid("invalid_event", index, null, "is missing");
        }
        if (e.id() == null || !EVENT_ID.matcher(e.id()).matches()) {
            throw invalid("invalid_event_id", index, e.id(), "needs an id of 1-128 characters of A-Z, a-z, 0-9 and _ . : -");
        }
        if (e.feature() == null || !Entitlements.FEATURE.matcher(e.feature()).matches()) {
            throw invalid("invalid_feature", index, e.id(), "needs a feature: 1-64 characters of a-z, 0-9, _ and ., starting with a letter");
        }
        if (e.quantity() != null && (e.quantity() < 1 || e.quantity() > Entitlements.MAX_QUANTITY)) {
            throw invalid("invalid_quantity", index, e.id(), "has quantity " + e.quantity() + "; it must be 1 to "
                    + Entitlements.MAX_QUANTITY);
        }
        if (e.timestamp() == null) {
            throw invalid("invalid_timestamp", index, e.id(), "needs a timestamp (RFC 3339, e.g. 2026-11-21T10:00:00Z)");
        }
    }

    private static ApiException invalid(String code, int index, String id, String message) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("index", index);
        if (id != null) {
            details.put("event_id", id);
        }
        return new ApiException(400, code, "events[" + index + "]" + (id == null ? "" : " (" + id + ")") + " " + message
                + "; nothing in this batch was counted", details);
    }
}
