package dev.mercato.ledger.internal;

import dev.mercato.ledger.core.ChainHasher;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Extends the hash chain with transactions committed since the last run. Writers never touch the
 * chain, so it is no global lock; one instance at a time seals (a PostgreSQL advisory lock), and
 * verify reports how far sealing lags.
 *
 * <p>Transactions can commit out of sequence order, so the sealer looks for unsealed rows above a
 * watermark that only advances past rows older than a grace period; a full sweep from the start
 * runs every few minutes to catch any straggler that committed later still.
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
    private final TreeMap<Long, Instant> recentlySealed = new TreeMap<>();
    private long watermark;
    private Instant lastFullSweep = Instant.MIN;

    Sealer(Journal journal, JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
            @Value("${mercato.ledger.sealer-enabled:true}") boolean enabled) {
        this.journal = journal;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.enabled = enabled;
    }

    @Scheduled(fixedDelayString = "${mercato.ledger.seal-interval:PT1S}")
    void scheduled() {
        if (enabled) {
            sealPending();
        }
    }

    /** Seals everything committed so far; returns how many transactions were sealed. */
    synchronized int sealPending() {
        Instant now = clock.instant();
        if (Duration.between(lastFullSweep, now).compareTo(FULL_SWEEP) > 0 || now.isBefore(lastFullSweep)) {
            watermark = 0;
            recentlySealed.clear();
            lastFullSweep = now;
        }
        int total = 0;
        int sealed;
        do {
            sealed = transactions.execute(status -> sealBatch());
            total += sealed;
        } while (sealed == BATCH);
        Instant settled = clock.instant().minus(GRACE);
        while (!recentlySealed.isEmpty() && recentlySealed.firstEntry().getValue().isBefore(settled)) {
            watermark = Math.max(watermark, recentlySealed.pollFirstEntry().getKey());
        }
        return total;
    }

    private int sealBatch() {
        Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK);
        if (!Boolean.TRUE.equals(locked)) {
            return 0;
        }
        List<Map<String, Object>> head = jdbc.queryForList(
                "SELECT chain_index, chain_hash FROM ledger_seals ORDER BY chain_index DESC LIMIT 1");
        long index = head.isEmpty() ? 0 : (Long) head.getFirst().get("chain_index");
        byte[] previous = head.isEmpty() ? ChainHasher.GENESIS : (byte[]) head.getFirst().get("chain_hash");

        List<Journal.Row> rows = new ArrayList<>();
        journal.unsealed(watermark, BATCH, rows::add);
        if (rows.isEmpty()) {
            return 0;
        }
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
            recentlySealed.put(row.seq(), row.createdAt());
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
        return rows.size();
    }
}
