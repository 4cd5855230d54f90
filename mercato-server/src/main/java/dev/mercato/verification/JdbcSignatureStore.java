package dev.mercato.verification;

import dev.mercato.verification.engine.MinHash;
import dev.mercato.verification.engine.SignatureList;
import dev.mercato.verification.engine.SignatureStore;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signatures in PostgreSQL ({@code verification_signatures}), each campaign's and responder's also in
 * memory. Before a verification reads a list it fetches the rows it has not seen: those with a
 * {@code seq} above the highest it read, less a margin, because sequence numbers of concurrent
 * inserts can commit out of order (rows already held are skipped by submission id). A remember
 * writes the row only, in the caller's transaction; it reaches memory on the next read after it
 * committed, so a rolled-back submission never counts as an earlier response.
 */
@Component
class JdbcSignatureStore implements SignatureStore {

    /** How far below the highest seq read a refresh looks again, for inserts that committed late. */
    static final long LATE_COMMIT_MARGIN = 200;
    /** Lists kept in memory at most; past that they are dropped and re-read on their next use. */
    static final int MAX_LISTS = 5_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, Loaded> lists = new ConcurrentHashMap<>();

    private static final class Loaded {
        final SignatureList list = new SignatureList();
        long seenSeq;
    }

    JdbcSignatureStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public SignatureList.Snapshot campaign(String campaignId) {
        return read("c:" + campaignId, "campaign_id", campaignId);
    }

    @Override
    public SignatureList.Snapshot responder(String responderId) {
        return read("r:" + responderId, "responder_id", responderId);
    }

    private SignatureList.Snapshot read(String key, String column, String value) {
        if (lists.size() > MAX_LISTS) {
            lists.clear();
        }
        Loaded loaded = lists.computeIfAbsent(key, k -> new Loaded());
        synchronized (loaded) {
            long from = Math.max(0, loaded.seenSeq - LATE_COMMIT_MARGIN);
            jdbc.sql("SELECT seq, submission_id, signature FROM verification_signatures WHERE " + column
                    + " = ? AND seq > ? ORDER BY seq")
                    .params(value, from)
                    .query((rs, n) -> {
                        long seq = rs.getLong(1);
                        loaded.list.add(rs.getString(2), MinHash.fromBytes(rs.getBytes(3)));
                        loaded.seenSeq = Math.max(loaded.seenSeq, seq);
                        return seq;
                    }).list();
            return loaded.list.snapshot();
        }
    }

    @Override
    public void add(String campaignId, String responderId, String submissionId, int[] signature) {
        jdbc.sql("""
                INSERT INTO verification_signatures (submission_id, campaign_id, responder_id, signature, remembered_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (submission_id) DO NOTHING""")
                .params(submissionId, campaignId, responderId, MinHash.toBytes(signature),
                        java.sql.Timestamp.from(clock.instant()))
                .update();
    }
}
