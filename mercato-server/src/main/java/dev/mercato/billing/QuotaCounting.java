package dev.mercato.billing;

import dev.mercato.platform.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts consumes against their quota counters inside the current transaction, one after the other
 * in the order given: each is exact against the total the previous ones left (the counter's
 * conditional upsert), a refused one changes nothing and refuses only itself, and each counted one
 * records its audit event and its consume id in the same transaction. A batch may name one consume
 * id twice: the later ones answer the first's outcome, as a retry after its commit would.
 *
 * <p>A batch whose consumes share no counter and no consume id (the usual one: a caller per user)
 * adds to all its existing counters in one statement (ADR 0043): none of them sees another's
 * outcome, so counting them at once is counting them in order; a counter that statement left alone
 * (no row yet, or its limit reached) is then counted on its own.
 */
@Component
class QuotaCounting {

    /**
     * One unit of metered work to count.
     *
     * @param limit    the quota's limit, null when unlimited
     * @param enforced false for a plan quota with an overage price: it is counted past its limit
     * @param audit    the request's audit context, taken on its thread
     */
    record QuotaConsume(String userId, String feature, Instant periodStart, long quantity, Long limit, boolean enforced,
            String consumeId, Instant now, AuditLog.Capture audit) {
    }

    /**
     * What counting did.
     *
     * @param source  {@link Consumption#QUOTA} or {@link Consumption#OVERAGE} when counted, else null
     * @param used    the counter after it, when counted
     * @param earlier when {@code consumeId} had been used: the first outcome (this one counted nothing)
     */
    record QuotaOutcome(String source, long used, Consumes.Consume earlier, boolean idTaken) {

        static final QuotaOutcome REFUSED = new QuotaOutcome(null, 0, null, false);
        /** Another transaction committed this consume id first: nothing was counted, the caller replays it. */
        static final QuotaOutcome TAKEN = new QuotaOutcome(null, 0, null, true);

        boolean counted() {
            return source != null;
        }
    }

    /** A consume id another transaction committed while this one counted: the transaction must roll back. */
    static final class ConsumeIdTaken extends RuntimeException {

        ConsumeIdTaken(String consumeId) {
            super("consume id " + consumeId + " was committed by another transaction", null, false, false);
        }
    }

    private final Usage usage;
    private final Consumes consumes;
    private final BillingCache cache;
    private final TransactionTemplate transactions;

    QuotaCounting(Usage usage, Consumes consumes, BillingCache cache, TransactionTemplate transactions) {
        this.usage = usage;
        this.consumes = consumes;
        this.cache = cache;
        this.transactions = transactions;
    }

    /**
     * Counts {@code batch} in order, in the current transaction.
     *
     * @throws ConsumeIdTaken when a consume id was committed by another transaction meanwhile
     */
    List<QuotaOutcome> count(List<QuotaConsume> batch) {
        if (batch.size() > 1 && independent(batch)) {
            return countTogether(batch);
        }
        List<QuotaOutcome> outcomes = new ArrayList<>(batch.size());
        Map<String, Integer> countedIds = new HashMap<>();
        for (QuotaConsume consume : batch) {
            String id = consume.consumeId() == null ? null : consume.userId() + '\u0000' + consume.consumeId();
            Integer first = id == null ? null : countedIds.get(id);
            if (first != null) {
                QuotaConsume earlier = batch.get(first);
                outcomes.add(new QuotaOutcome(null, 0, new Consumes.Consume(earlier.feature(), earlier.quantity(),
                        outcomes.get(first).source(), 0, null), false));
                continue;
            }
            QuotaOutcome outcome = countOne(consume);
            if (id != null && outcome.counted()) {
                countedIds.put(id, outcomes.size());
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /**
     * Counts one consume in its own transaction, or in the caller's when one is active; a consume id
     * committed meanwhile rolls it back and answers {@link QuotaOutcome#TAKEN}.
     */
    QuotaOutcome countAlone(QuotaConsume consume) {
        return transactions.execute(status -> {
            try {
                return count(List.of(consume)).getFirst();
            } catch (ConsumeIdTaken taken) {
                status.setRollbackOnly();
                return QuotaOutcome.TAKEN;
            }
        });
    }

    /**
     * True when no two consumes of {@code batch} share a counter or a consume id: then none sees
     * another's outcome, and the order they are counted in changes nothing.
     */
    private static boolean independent(List<QuotaConsume> batch) {
        Set<String> seen = new HashSet<>(batch.size() * 4);
        for (QuotaConsume c : batch) {
            if (!seen.add(c.userId() + '\u0000' + c.feature() + '\u0000' + c.periodStart())
                    || c.consumeId() != null && !seen.add(c.userId() + '\u0001' + c.consumeId())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Counts consumes of distinct counters with one statement for all their existing counters; a
     * counter it left unchanged (no row yet, or the limit reached) is counted on its own, as in
     * {@link #countOne}, which inserts it or refuses exactly.
     */
    private List<QuotaOutcome> countTogether(List<QuotaConsume> batch) {
        List<Usage.Addition> additions = new ArrayList<>(batch.size());
        for (QuotaConsume c : batch) {
            cache.usageChanged(c.userId(), c.feature(), c.periodStart());
            additions.add(new Usage.Addition(c.userId(), c.feature(), c.periodStart(), c.quantity(),
                    c.enforced() ? c.limit() : null, c.now()));
        }
        long[] totals = usage.consumeExisting(additions);
        List<QuotaOutcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            QuotaConsume c = batch.get(i);
            outcomes.add(totals[i] >= 0 ? counted(c, totals[i]) : countOne(c));
        }
        return outcomes;
    }

    private QuotaOutcome countOne(QuotaConsume c) {
        cache.usageChanged(c.userId(), c.feature(), c.periodStart());
        OptionalLong after = usage.consume(c.userId(), c.feature(), c.periodStart(), c.quantity(),
                c.enforced() ? c.limit() : null, c.now());
        if (after.isEmpty()) {
            return QuotaOutcome.REFUSED;
        }
        return counted(c, after.getAsLong());
    }

    /** Records the audit event and the consume id of {@code c}, counted to {@code used}. */
    private QuotaOutcome counted(QuotaConsume c, long used) {
        String source = c.limit() != null && used > c.limit() ? Consumption.OVERAGE : Consumption.QUOTA;
        c.audit().changed("usage", c.userId() + "/" + c.feature(),
                Map.of("used", used - c.quantity(), "period_start", c.periodStart().toString()),
                Map.of("used", used, "period_start", c.periodStart().toString()));
        if (c.consumeId() != null && !consumes.insert(c.userId(), c.consumeId(),
                new Consumes.Consume(c.feature(), c.quantity(), source, 0, null), c.now())) {
            throw new ConsumeIdTaken(c.consumeId());
        }
        return new QuotaOutcome(source, used, null, false);
    }
}
