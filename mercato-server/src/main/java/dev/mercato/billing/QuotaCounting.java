package dev.mercato.billing;

import dev.mercato.platform.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts consumes against their quota counters inside the current transaction, one after the other
 * in the order given: each is exact against the total the previous ones left (the counter's
 * conditional upsert), a refused one changes nothing and refuses only itself, and each counted one
 * records its audit event and its consume id in the same transaction. A batch may name one consume
 * id twice: the later ones answer the first's outcome, as a retry after its commit would.
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

    private QuotaOutcome countOne(QuotaConsume c) {
        cache.usageChanged(c.userId(), c.feature(), c.periodStart());
        OptionalLong after = usage.consume(c.userId(), c.feature(), c.periodStart(), c.quantity(),
                c.enforced() ? c.limit() : null, c.now());
        if (after.isEmpty()) {
            return QuotaOutcome.REFUSED;
        }
        long used = after.getAsLong();
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
