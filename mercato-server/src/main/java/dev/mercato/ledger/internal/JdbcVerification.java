package dev.mercato.ledger.internal;

import dev.mercato.ledger.LedgerVerification;
import dev.mercato.ledger.VerificationReport;
import dev.mercato.ledger.VerificationReport.Violation;
import dev.mercato.ledger.core.ChainHasher;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks every ledger invariant against what is stored, within one consistent snapshot. Each
 * check is a query that returns only offending rows, so a clean ledger yields an empty list.
 */
@Service
class JdbcVerification implements LedgerVerification {

    private static final int MAX_REPORTED = 100;

    private final JdbcTemplate jdbc;
    private final Journal journal;
    private final Clock clock;

    JdbcVerification(JdbcTemplate jdbc, Journal journal, Clock clock) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public VerificationReport verify() {
        List<Violation> violations = new ArrayList<>();
        check(violations, "balanced_per_asset", """
                SELECT transaction_id, asset || ' sums to ' || sum(amount) FROM ledger_postings
                GROUP BY transaction_id, asset HAVING sum(amount) <> 0""");
        check(violations, "at_least_two_postings", """
                SELECT t.id, count(p.seq) || ' postings' FROM ledger_transactions t
                LEFT JOIN ledger_postings p ON p.transaction_id = t.id GROUP BY t.id HAVING count(p.seq) < 2""");
        check(violations, "posting_matches_account", """
                SELECT p.transaction_id, 'posting to ' || p.account_id || ' in ' || p.asset || ' but the account '
                       || coalesce('holds ' || a.asset, 'does not exist')
                FROM ledger_postings p LEFT JOIN ledger_accounts a ON a.id = p.account_id
                WHERE a.id IS NULL OR p.asset <> a.asset""");
        check(violations, "balance_equals_postings", """
                SELECT coalesce(b.account_id, f.account_id) || '#' || coalesce(b.stripe, f.stripe),
                       'stored posted ' || coalesce(b.posted::text, 'missing') || ' v' || coalesce(b.version::text, '-')
                       || ', postings fold to ' || coalesce(f.total, 0) || ' over ' || coalesce(f.n, 0)
                       || ' (last balance_after ' || coalesce(f.last_after::text, '-') || ', max version ' || coalesce(f.max_version::text, '-') || ')'
                FROM ledger_balances b
                FULL JOIN (SELECT account_id, stripe, sum(amount) AS total, count(*) AS n, max(version) AS max_version,
                                  (array_agg(balance_after ORDER BY version DESC))[1] AS last_after
                           FROM ledger_postings GROUP BY account_id, stripe) f
                       ON f.account_id = b.account_id AND f.stripe = b.stripe
                WHERE b.posted IS DISTINCT FROM coalesce(f.total, 0) OR b.version IS DISTINCT FROM coalesce(f.n, 0)
                   OR (f.n > 0 AND (f.max_version <> f.n OR f.last_after <> f.total))""");
        check(violations, "pending_equals_open_holds", """
                SELECT b.account_id || '#' || b.stripe,
                       'pending debits ' || b.pending_debits || ' vs holds ' || coalesce(d.total, 0)
                       || ', pending credits ' || b.pending_credits || ' vs holds ' || coalesce(c.total, 0)
                FROM ledger_balances b
                LEFT JOIN (SELECT debit_account_id AS account_id, debit_stripe AS stripe, sum(amount) AS total
                           FROM ledger_holds WHERE status = 'pending' GROUP BY 1, 2) d
                       ON d.account_id = b.account_id AND d.stripe = b.stripe
                LEFT JOIN (SELECT credit_account_id AS account_id, credit_stripe AS stripe, sum(amount) AS total
                           FROM ledger_holds WHERE status = 'pending' GROUP BY 1, 2) c
                       ON c.account_id = b.account_id AND c.stripe = b.stripe
                WHERE b.pending_debits <> coalesce(d.total, 0) OR b.pending_credits <> coalesce(c.total, 0)""");
        check(violations, "within_balance_limit", """
                SELECT a.id, 'available ' || sum(b.posted - b.pending_debits) || ' below the limit of -' || a.overdraft_limit
                FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id
                WHERE NOT a.allow_negative GROUP BY a.id, a.overdraft_limit
                HAVING sum(b.posted - b.pending_debits) < -a.overdraft_limit""");
        check(violations, "hold_resolved_once", """
                SELECT hold_id, count(*) || ' capture transactions' FROM ledger_transactions
                WHERE hold_id IS NOT NULL GROUP BY hold_id HAVING count(*) > 1""");
        check(violations, "hold_capture_consistent", """
                SELECT h.id, 'status ' || h.status || ', captured ' || h.captured_amount || ' of ' || h.amount
                       || ', capture transaction ' || coalesce(t.id, 'none') || ' crediting ' || coalesce(c.amount::text, '-')
                FROM ledger_holds h
                LEFT JOIN ledger_transactions t ON t.hold_id = h.id
                LEFT JOIN ledger_postings c ON c.transaction_id = t.id AND c.amount > 0
                WHERE (h.status = 'captured') <> (t.id IS NOT NULL)
                   OR (h.status = 'captured' AND (h.capture_transaction_id IS DISTINCT FROM t.id OR c.amount <> h.captured_amount))
                   OR (h.status <> 'captured' AND h.captured_amount <> 0)""");
        check(violations, "reversal_within_original", """
                WITH rev AS (SELECT t.reverses AS id, p.account_id, sum(p.amount) AS net
                             FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id
                             WHERE t.reverses IS NOT NULL GROUP BY 1, 2),
                     orig AS (SELECT p.transaction_id AS id, p.account_id, sum(p.amount) AS net
                              FROM ledger_postings p WHERE p.transaction_id IN (SELECT id FROM rev) GROUP BY 1, 2)
                SELECT rev.id, 'reversals move ' || rev.net || ' on ' || rev.account_id || ' against an original '
                       || coalesce(orig.net, 0)
                FROM rev LEFT JOIN orig ON orig.id = rev.id AND orig.account_id = rev.account_id
                WHERE coalesce(orig.net, 0) = 0 OR sign(orig.net) = sign(rev.net) OR abs(rev.net) > abs(orig.net)""");
        checkChain(violations);

        long transactions = count("SELECT count(*) FROM ledger_transactions");
        long sealed = count("SELECT count(*) FROM ledger_seals");
        Timestamp oldestUnsealed = jdbc.queryForObject("""
                SELECT min(t.created_at) FROM ledger_transactions t
                WHERE NOT EXISTS (SELECT 1 FROM ledger_seals s WHERE s.transaction_id = t.id)""", Timestamp.class);
        Duration lag = oldestUnsealed == null ? Duration.ZERO
                : Duration.between(oldestUnsealed.toInstant(), clock.instant()).abs();
        return new VerificationReport(violations.isEmpty(), transactions, count("SELECT count(*) FROM ledger_postings"),
                count("SELECT count(*) FROM ledger_accounts"), count("SELECT count(*) FROM ledger_holds"), sealed,
                transactions - sealed, lag.toMillis(), List.copyOf(violations));
    }

    private void checkChain(List<Violation> violations) {
        byte[][] previous = {ChainHasher.GENESIS};
        long[] expectedIndex = {1};
        journal.sealed(row -> {
            long index = (Long) row.extra().get("chain_index");
            if (index != expectedIndex[0]) {
                add(violations, new Violation("hash_chain", row.transactionId(),
                        "chain index " + index + " where " + expectedIndex[0] + " was expected"));
            }
            byte[] rowHash = ChainHasher.rowHash(row.canonical());
            if (!MessageDigest.isEqual(rowHash, (byte[]) row.extra().get("row_hash"))) {
                add(violations, new Violation("hash_chain", row.transactionId(),
                        "the transaction or its postings changed after sealing (row hash differs)"));
            }
            byte[] link = ChainHasher.link(previous[0], (byte[]) row.extra().get("row_hash"), index);
            if (!MessageDigest.isEqual(link, (byte[]) row.extra().get("chain_hash"))) {
                add(violations, new Violation("hash_chain", row.transactionId(),
                        "the chain link at index " + index + " does not follow from the previous one"));
            }
            previous[0] = (byte[]) row.extra().get("chain_hash");
            expectedIndex[0] = index + 1;
        });
    }

    private void check(List<Violation> violations, String invariant, String sql) {
        jdbc.query(sql + " LIMIT " + MAX_REPORTED,
                rs -> {
                    add(violations, new Violation(invariant, rs.getString(1), rs.getString(2)));
                });
    }

    private static void add(List<Violation> violations, Violation violation) {
        if (violations.size() < MAX_REPORTED * 4) {
            violations.add(violation);
        }
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }
}
