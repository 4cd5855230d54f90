package dev.mercato.ledger.internal;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.Hold;
import dev.mercato.ledger.HoldId;
import dev.mercato.ledger.HoldStatus;
import dev.mercato.ledger.Posting;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionId;
import dev.mercato.ledger.core.AccountRules;
import dev.mercato.ledger.core.BalanceRow;
import dev.mercato.ledger.core.HoldState;
import dev.mercato.ledger.core.NewPosting;
import dev.mercato.ledger.core.StoredRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * All SQL of the ledger's write path. Each method is one statement whatever the batch size:
 * lists travel as PostgreSQL arrays and are expanded with {@code unnest}.
 */
@Repository
class LedgerStore {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };
    private static final HexFormat HEX = HexFormat.of();

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    LedgerStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Serializes concurrent work on the same keys, holds and originals; held until the transaction ends.
     *
     * @param genericPlans also make the rest of this transaction run its prepared statements on
     *                     generic plans ({@code SET LOCAL plan_cache_mode}), in the same round trip;
     *                     only for a transaction that holds nothing but ledger work (see {@link LedgerEngine#executeAlone})
     */
    void lock(long[] lockKeys, boolean genericPlans) {
        if (lockKeys.length == 0 && !genericPlans) {
            return;
        }
        Long[] boxed = java.util.Arrays.stream(lockKeys).sorted().distinct().boxed().toArray(Long[]::new);
        String sql = genericPlans
                ? "SELECT set_config('plan_cache_mode', 'force_generic_plan', true), (SELECT count(pg_advisory_xact_lock(k)) FROM unnest(?::int8[]) k)"
                : "SELECT pg_advisory_xact_lock(k) FROM unnest(?::int8[]) k";
        jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, c.createArrayOf("int8", boxed));
                ps.executeQuery().close();
            }
            return null;
        });
    }

    List<StoredRequest> requests(Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                SELECT idempotency_key, request_hash, command, result_id, error_code, error_message
                FROM ledger_requests WHERE idempotency_key = ANY(?)""",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", keys.toArray())),
                (rs, n) -> new StoredRequest(rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
    }

    List<AccountRules> accountRules(Collection<AccountId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                SELECT id, owner_id, asset, allow_negative, overdraft_limit, stripes
                FROM ledger_accounts WHERE id = ANY(?)""",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text",
                        ids.stream().map(AccountId::value).toArray())),
                (rs, n) -> new AccountRules(new AccountId(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4), rs.getLong(5), rs.getInt(6)));
    }

    record LockedBalance(BalanceRow row, long overdraftLimit) {
    }

    /** Locks the given balance rows in (account, stripe) order and reads them with the current overdraft limits. */
    List<LockedBalance> lockBalances(List<Map.Entry<AccountId, Integer>> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT b.account_id, b.stripe, b.posted, b.pending_debits, b.pending_credits, b.version, a.overdraft_limit
                    FROM ledger_balances b
                    JOIN unnest(?::text[], ?::int2[]) AS w(account_id, stripe) ON w.account_id = b.account_id AND w.stripe = b.stripe
                    JOIN ledger_accounts a ON a.id = b.account_id
                    ORDER BY b.account_id, b.stripe
                    FOR UPDATE OF b""")) {
                new SqlArrays(c, ps).text(rows, r -> r.getKey().value()).int2(rows, Map.Entry::getValue);
                List<LockedBalance> locked = new ArrayList<>(rows.size());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        locked.add(new LockedBalance(new BalanceRow(new AccountId(rs.getString(1)), rs.getInt(2),
                                rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)), rs.getLong(7)));
                    }
                }
                return locked;
            }
        });
    }

    /** Pending holds past their expiry that reserve funds of the given accounts. */
    List<HoldId> dueHolds(Collection<AccountId> accounts, java.time.Instant now) {
        if (accounts.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                SELECT id FROM ledger_holds
                WHERE status = 'pending' AND expires_at <= ?::timestamptz AND debit_account_id = ANY(?) ORDER BY id""",
                ps -> {
                    ps.setString(1, now.toString());
                    ps.setArray(2, ps.getConnection().createArrayOf("text", accounts.stream().map(AccountId::value).toArray()));
                },
                (rs, n) -> new HoldId(rs.getString(1)));
    }

    List<HoldState> holds(Collection<HoldId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                SELECT id, debit_account_id, credit_account_id, asset, amount, status, captured_amount,
                       capture_transaction_id, expires_at, reference, metadata, created_at, resolved_at,
                       debit_stripe, credit_stripe
                FROM ledger_holds WHERE id = ANY(?)""",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", ids.stream().map(HoldId::value).toArray())),
                (rs, n) -> new HoldState(hold(rs), rs.getInt("debit_stripe"), rs.getInt("credit_stripe")));
    }

    Hold hold(ResultSet rs) throws SQLException {
        return new Hold(new HoldId(rs.getString("id")), new AccountId(rs.getString("debit_account_id")),
                new AccountId(rs.getString("credit_account_id")), rs.getString("asset"), rs.getLong("amount"),
                HoldStatus.of(rs.getString("status")), rs.getLong("captured_amount"),
                rs.getString("capture_transaction_id") == null ? null
                        : new TransactionId(rs.getString("capture_transaction_id")),
                instant(rs, "expires_at"), rs.getString("reference"), metadata(rs.getString("metadata")),
                instant(rs, "created_at"), instant(rs, "resolved_at"));
    }

    /** Transactions with their postings, in the order given. */
    List<Transaction> transactions(Collection<TransactionId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, List<Posting>> postings = new LinkedHashMap<>();
        Object[] idArray = ids.stream().map(TransactionId::value).toArray();
        jdbc.query("SELECT transaction_id, account_id, asset, amount FROM ledger_postings WHERE transaction_id = ANY(?) ORDER BY seq",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", idArray)),
                rs -> {
                    postings.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Posting(new AccountId(rs.getString(2)), rs.getString(3), rs.getLong(4)));
                });
        Map<String, Transaction> found = new LinkedHashMap<>();
        jdbc.query("""
                SELECT id, type, effective_at, created_at, reference, reverses, hold_id, metadata
                FROM ledger_transactions WHERE id = ANY(?)""",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", idArray)),
                rs -> {
                    String id = rs.getString("id");
                    found.put(id, new Transaction(new TransactionId(id), rs.getString("type"),
                            List.copyOf(postings.getOrDefault(id, List.of())), instant(rs, "effective_at"),
                            instant(rs, "created_at"), rs.getString("reference"),
                            rs.getString("reverses") == null ? null : new TransactionId(rs.getString("reverses")),
                            rs.getString("hold_id") == null ? null : new HoldId(rs.getString("hold_id")),
                            metadata(rs.getString("metadata"))));
                });
        return ids.stream().map(id -> found.get(id.value())).filter(t -> t != null).toList();
    }

    /** Postings of every reversal of each original, keyed by original. */
    Map<TransactionId, List<Posting>> reversalPostings(Collection<TransactionId> originals) {
        Map<TransactionId, List<Posting>> result = new LinkedHashMap<>();
        if (originals.isEmpty()) {
            return result;
        }
        jdbc.query("""
                SELECT t.reverses, p.account_id, p.asset, p.amount
                FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id
                WHERE t.reverses = ANY(?) ORDER BY p.seq""",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text",
                        originals.stream().map(TransactionId::value).toArray())),
                rs -> {
                    result.computeIfAbsent(new TransactionId(rs.getString(1)), k -> new ArrayList<>())
                            .add(new Posting(new AccountId(rs.getString(2)), rs.getString(3), rs.getLong(4)));
                });
        return result;
    }

    /**
     * The batch's two reads after its locks, in one statement when both are needed: the stored
     * requests of {@code keys} and the pending holds past their expiry (at {@code now}) that
     * reserve funds of {@code accounts} (ordered by id).
     */
    RequestsAndDueHolds requestsAndDueHolds(Collection<String> keys, Collection<AccountId> accounts, java.time.Instant now) {
        if (keys.isEmpty() || accounts.isEmpty()) {
            return new RequestsAndDueHolds(requests(keys), dueHolds(accounts, now));
        }
        List<StoredRequest> requests = new ArrayList<>();
        List<HoldId> due = new ArrayList<>();
        jdbc.query("""
                SELECT false, idempotency_key, request_hash, command, result_id, error_code, error_message
                FROM ledger_requests WHERE idempotency_key = ANY(?)
                UNION ALL
                SELECT true, id, NULL, NULL, NULL, NULL, NULL
                FROM ledger_holds WHERE status = 'pending' AND expires_at <= ?::timestamptz AND debit_account_id = ANY(?)
                ORDER BY 1, 2""",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("text", keys.toArray()));
                    ps.setString(2, now.toString());
                    ps.setArray(3, ps.getConnection().createArrayOf("text", accounts.stream().map(AccountId::value).toArray()));
                },
                rs -> {
                    if (rs.getBoolean(1)) {
                        due.add(new HoldId(rs.getString(2)));
                    } else {
                        requests.add(new StoredRequest(rs.getString(2), rs.getBytes(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7)));
                    }
                });
        return new RequestsAndDueHolds(requests, due);
    }

    record RequestsAndDueHolds(List<StoredRequest> requests, List<HoldId> dueHolds) {
    }

    // ---- writes ----

    /** What a batch writes besides resolving holds; each list may be empty. */
    record Writes(List<Transaction> transactions, List<NewPosting> postings, List<HoldState> holds,
            List<BalanceRow> balances, List<StoredRequest> requests, java.time.Instant now) {
    }

    /**
     * Writes a batch's new transactions, postings, holds, balances and stored requests in one
     * statement: each non-empty part is a data-modifying {@code WITH} query, so the batch costs
     * one round trip however many tables it writes. Foreign keys between the parts (a posting's
     * transaction) are checked at the end of the statement, when every part has run.
     */
    void write(Writes writes) {
        List<WritePart> parts = new ArrayList<>(5);
        if (!writes.transactions().isEmpty()) {
            parts.add(INSERT_TRANSACTIONS);
        }
        if (!writes.postings().isEmpty()) {
            parts.add(INSERT_POSTINGS);
        }
        if (!writes.holds().isEmpty()) {
            parts.add(INSERT_HOLDS);
        }
        if (!writes.balances().isEmpty()) {
            parts.add(UPDATE_BALANCES);
        }
        if (!writes.requests().isEmpty()) {
            parts.add(INSERT_REQUESTS);
        }
        if (parts.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < parts.size() - 1; i++) {
            sql.append(i == 0 ? "WITH " : ", ").append("w").append(i).append(" AS (").append(parts.get(i).sql()).append(")\n");
        }
        sql.append(parts.getLast().sql());
        execute(sql.toString(), arrays -> {
            for (WritePart part : parts) {
                part.binder().bind(this, writes, arrays);
            }
        });
    }

    private interface PartBinder {
        void bind(LedgerStore store, Writes writes, SqlArrays arrays) throws SQLException;
    }

    private record WritePart(String sql, PartBinder binder) {
    }

    private static final WritePart INSERT_TRANSACTIONS = new WritePart("""
            INSERT INTO ledger_transactions (id, type, effective_at, created_at, reference, reverses, hold_id, metadata)
            SELECT id, type, effective_at::timestamptz, created_at::timestamptz, reference, reverses, hold_id, metadata::jsonb
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 AS v(id, type, effective_at, created_at, reference, reverses, hold_id, metadata)""",
            (store, w, a) -> {
                List<Transaction> transactions = w.transactions();
                a.text(transactions, t -> t.id().value()).text(transactions, Transaction::type)
                        .timestamps(transactions, Transaction::effectiveAt).timestamps(transactions, Transaction::createdAt)
                        .text(transactions, Transaction::reference)
                        .text(transactions, t -> t.reverses() == null ? null : t.reverses().value())
                        .text(transactions, t -> t.holdId() == null ? null : t.holdId().value())
                        .text(transactions, t -> store.json.writeValueAsString(t.metadata()));
            });

    private static final WritePart INSERT_POSTINGS = new WritePart("""
            INSERT INTO ledger_postings (transaction_id, account_id, stripe, asset, amount, balance_after, version, effective_at)
            SELECT transaction_id, account_id, stripe, asset, amount, balance_after, version, effective_at::timestamptz
            FROM unnest(?::text[], ?::text[], ?::int2[], ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::text[])
                 AS v(transaction_id, account_id, stripe, asset, amount, balance_after, version, effective_at)""",
            (store, w, a) -> {
                List<NewPosting> postings = w.postings();
                a.text(postings, p -> p.transactionId().value()).text(postings, p -> p.accountId().value())
                        .int2(postings, NewPosting::stripe).text(postings, NewPosting::asset)
                        .int8(postings, NewPosting::amount).int8(postings, NewPosting::balanceAfter)
                        .int8(postings, NewPosting::version).timestamps(postings, NewPosting::effectiveAt);
            });

    private static final WritePart INSERT_HOLDS = new WritePart("""
            INSERT INTO ledger_holds (id, debit_account_id, debit_stripe, credit_account_id, credit_stripe, asset, amount,
                                      status, captured_amount, capture_transaction_id, expires_at, reference, metadata,
                                      created_at, resolved_at)
            SELECT id, debit_account_id, debit_stripe, credit_account_id, credit_stripe, asset, amount, status,
                   captured_amount, capture_transaction_id, expires_at::timestamptz, reference, metadata::jsonb,
                   created_at::timestamptz, resolved_at::timestamptz
            FROM unnest(?::text[], ?::text[], ?::int2[], ?::text[], ?::int2[], ?::text[], ?::int8[], ?::text[], ?::int8[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 AS v(id, debit_account_id, debit_stripe, credit_account_id, credit_stripe, asset, amount, status,
                      captured_amount, capture_transaction_id, expires_at, reference, metadata, created_at, resolved_at)""",
            (store, w, a) -> {
                List<HoldState> holds = w.holds();
                a.text(holds, h -> h.hold().id().value()).text(holds, h -> h.hold().debitAccount().value())
                        .int2(holds, HoldState::debitStripe).text(holds, h -> h.hold().creditAccount().value())
                        .int2(holds, HoldState::creditStripe).text(holds, h -> h.hold().asset())
                        .int8(holds, h -> h.hold().amount()).text(holds, h -> h.hold().status().code())
                        .int8(holds, h -> h.hold().capturedAmount())
                        .text(holds, h -> h.hold().captureTransaction() == null ? null : h.hold().captureTransaction().value())
                        .timestamps(holds, h -> h.hold().expiresAt()).text(holds, h -> h.hold().reference())
                        .text(holds, h -> store.json.writeValueAsString(h.hold().metadata()))
                        .timestamps(holds, h -> h.hold().createdAt()).timestamps(holds, h -> h.hold().resolvedAt());
            });

    private static final WritePart UPDATE_BALANCES = new WritePart("""
            UPDATE ledger_balances b
            SET posted = v.posted, pending_debits = v.pending_debits, pending_credits = v.pending_credits, version = v.version
            FROM unnest(?::text[], ?::int2[], ?::int8[], ?::int8[], ?::int8[], ?::int8[])
                 AS v(account_id, stripe, posted, pending_debits, pending_credits, version)
            WHERE b.account_id = v.account_id AND b.stripe = v.stripe""",
            (store, w, a) -> {
                List<BalanceRow> rows = w.balances();
                a.text(rows, r -> r.account.value()).int2(rows, r -> r.stripe).int8(rows, BalanceRow::posted)
                        .int8(rows, BalanceRow::pendingDebits).int8(rows, BalanceRow::pendingCredits)
                        .int8(rows, BalanceRow::version);
            });

    private static final WritePart INSERT_REQUESTS = new WritePart("""
            INSERT INTO ledger_requests (idempotency_key, request_hash, command, result_id, error_code, error_message, created_at)
            SELECT k, decode(h, 'hex'), c, r, e, m, t::timestamptz
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS v(k, h, c, r, e, m, t)""",
            (store, w, a) -> {
                List<StoredRequest> requests = w.requests();
                a.text(requests, StoredRequest::idempotencyKey).text(requests, r -> HEX.formatHex(r.requestHash()))
                        .text(requests, StoredRequest::command).text(requests, StoredRequest::resultId)
                        .text(requests, StoredRequest::errorCode).text(requests, StoredRequest::errorMessage)
                        .timestamps(requests, r -> w.now());
            });

    /** Resolves pending holds; the {@code status = 'pending'} guard makes a second resolution impossible. */
    void resolveHolds(List<HoldState> holds) {
        if (holds.isEmpty()) {
            return;
        }
        int updated = jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE ledger_holds h
                    SET status = v.status, captured_amount = v.captured_amount, capture_transaction_id = v.capture_transaction_id,
                        resolved_at = v.resolved_at::timestamptz
                    FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[], ?::text[])
                         AS v(id, status, captured_amount, capture_transaction_id, resolved_at)
                    WHERE h.id = v.id AND h.status = 'pending'""")) {
                new SqlArrays(c, ps).text(holds, h -> h.hold().id().value()).text(holds, h -> h.hold().status().code())
                        .int8(holds, h -> h.hold().capturedAmount())
                        .text(holds, h -> h.hold().captureTransaction() == null ? null : h.hold().captureTransaction().value())
                        .timestamps(holds, h -> h.hold().resolvedAt());
                return ps.executeUpdate();
            }
        });
        if (updated != holds.size()) {
            throw new IllegalStateException("a hold was resolved concurrently; the batch is rolled back");
        }
    }

    private interface Binder {
        void bind(SqlArrays arrays) throws SQLException;
    }

    private void execute(String sql, Binder binder) {
        jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(new SqlArrays(c, ps));
                ps.executeUpdate();
            }
            return null;
        });
    }

    Map<String, String> metadata(String text) {
        return text == null ? Map.of() : json.readValue(text, METADATA);
    }

    static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
