package dev.mercato.ledger.internal;

import dev.mercato.ledger.core.ChainHasher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Extends the hash chain with transactions committed since the last run. Writers never touch the
 * chain, so it is no global lock; every instance runs the sealing loop ({@link LedgerJobs}), one at a
 * time seals (a PostgreSQL advisory lock), and verify reports how far sealing lags.
 *
 * <p>Transactions can commit out of sequence order. Each run reads the rows past the highest
 * sequence number it has seen, and remembers the numbers it found missing in between (gaps: rows
 * still in flight, or rolled back). Later runs look those up directly, so a straggler is sealed as
 * soon as it commits, and no run re-reads what it has already seen. A gap is forgotten after a
 * grace period; a full sweep from the start runs every few minutes to catch any straggler that
 * committed later still, or rows another instance saw first.
 */
@Component
class Sealer {

    private static final long LOCK = 0x6d65726361746f02L;
    private static final int BATCH = 1000;
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final Duration FULL_SWEEP = Duration.ofMinutes(10);

    private final Journal journal;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final boolean enabled;
    private final Counter sealedCounter;
    private static final int MAX_GAPS = 100_000;

    /** Sequence numbers below {@link #highest} not seen committed yet, with when they were first missed. */
    private final TreeMap<Long, Instant> gaps = new TreeMap<>();
    private long highest;
    private Instant lastFullSweep = Instant.MIN;

    Sealer(Journal journal, JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, MeterRegistry meters,
            @Value("${mercato.ledger.sealer-enabled:true}") boolean enabled) {
        this.journal = journal;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.enabled = enabled;
        this.sealedCounter = Counter.builder("mercato.ledger.sealed")
                .description("transactions appended to the hash chain by this instance").register(meters);
    }

    /** One run of the sealing loop, unless sealing is switched off ({@code mercato.ledger.sealer-enabled}). */
    void sealIfEnabled() {
        if (enabled) {
            sealPending();
        }
    }

    /** Seals everything committed so far; returns how many transactions were sealed. */
    synchronized int sealPending() {
        Instant now = clock.instant();
        if (Duration.between(lastFullSweep, now).compareTo(FULL_SWEEP) > 0 || now.isBefore(lastFullSweep)) {
            highest = 0;
            gaps.clear();
            lastFullSweep = now;
        }
        int total = 0;
        List<Long> missing = new ArrayList<>(gaps.keySet());
        for (int from = 0; from < missing.size(); from += BATCH) {
            List<Long> chunk = missing.subList(from, Math.min(missing.size(), from + BATCH));
            List<Long> sealed = transactions.execute(status -> sealStragglers(chunk));
            sealed.forEach(gaps::remove);
            total += sealed.size();
        }
        Scan scan;
        do {
            long after = highest;
            scan = transactions.execute(status -> sealNew(after));
            // Only a committed scan moves the cursor, so rows of a rolled-back one are read again.
            for (long seq : scan.missing()) {
                gaps.putIfAbsent(seq, scan.at());
            }
            highest = Math.max(highest, scan.highest());
            total += scan.sealed();
        } while (scan.read() == BATCH);
        Instant settled = clock.instant().minus(GRACE);
        gaps.values().removeIf(missedAt -> missedAt.isBefore(settled));
        while (gaps.size() > MAX_GAPS) {
            gaps.pollFirstEntry();
        }
        sealedCounter.increment(total);
        return total;
    }

    /** Seals those of the given gaps that have committed since; returns their sequence numbers. */
    private List<Long> sealStragglers(List<Long> seqs) {
        if (!locked()) {
            return List.of();
        }
        List<Journal.Row> rows = new ArrayList<>();
        journal.unsealedAmong(seqs, BATCH, rows::add);
        seal(rows);
        return rows.stream().map(Journal.Row::seq).toList();
    }

    /** What one read past the cursor found: rows read, rows sealed, the new cursor and the numbers skipped. */
    private record Scan(int read, int sealed, long highest, List<Long> missing, Instant at) {
    }

    private Scan sealNew(long after) {
        Instant now = clock.instant();
        if (!locked()) {
            return new Scan(0, 0, after, List.of(), now);
        }
        List<Journal.Row> rows = new ArrayList<>();
        journal.after(after, BATCH, rows::add);
        List<Journal.Row> unsealed = rows.stream().filter(row -> !Boolean.TRUE.equals(row.extra().get("sealed"))).toList();
        seal(unsealed);
        List<Long> missing = new ArrayList<>();
        long last = after;
        for (Journal.Row row : rows) {
            // Below the first row after a restart or a full sweep nothing is known to be missing.
            for (long seq = last + 1; last > 0 && seq < row.seq() && missing.size() < MAX_GAPS; seq++) {
                missing.add(seq);
            }
            last = row.seq();
        }
        return new Scan(rows.size(), unsealed.size(), last, missing, now);
    }

    private boolean locked() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK));
    }

    /** Appends the rows to the chain after its current head, in the order given. */
    private void seal(List<Journal.Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Map<String, Object>> head = jdbc.queryForList(
                "SELECT chain_index, chain_hash FROM ledger_seals ORDER BY chain_index DESC LIMIT 1");
        long index = head.isEmpty() ? 0 : (Long) head.getFirst().get("chain_index");
        byte[] previous = head.isEmpty() ? ChainHasher.GENESIS : (byte[]) head.getFirst().get("chain_hash");

        List<String> ids = new ArrayList<>(rows.size());
        List<Long> indexes = new ArrayList<>(rows.size());
        List<String> rowHashes = new ArrayList<>(rows.size());
        List<String> chainHashes = new ArrayList<>(rows.size());
        HexFormat hex = HexFormat.of();
        for (Journal.Row row : rows) {
            index++;
            byte[] rowHash = ChainHasher.rowHash(row.canonical());
            previous = ChainHasher.link(previous, rowHash, index);
            ids.add(row.transactionId());
            indexes.add(index);
            rowHashes.add(hex.formatHex(rowHash));
            chainHashes.add(hex.formatHex(previous));
        }
        Instant now = clock.instant();
        jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ledger_seals (chain_index, transaction_id, row_hash, chain_hash, sealed_at)
                    SELECT i, t, decode(r, 'hex'), decode(h, 'hex'), ?
                    FROM unnest(?::int8[], ?::text[], ?::text[], ?::text[]) AS v(i, t, r, h)""")) {
                ps.setObject(1, java.sql.Timestamp.from(now));
                ps.setArray(2, c.createArrayOf("int8", indexes.toArray()));
                ps.setArray(3, c.createArrayOf("text", ids.toArray()));
                ps.setArray(4, c.createArrayOf("text", rowHashes.toArray()));
                ps.setArray(5, c.createArrayOf("text", chainHashes.toArray()));
                ps.executeUpdate();
            }
            return null;
        });
    }
}
