package dev.mercato.ledger.internal;

import dev.mercato.ledger.Account;
import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Balance;
import dev.mercato.ledger.LedgerError;
import dev.mercato.ledger.LedgerException;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.OwnerType;
import dev.mercato.ledger.StatementLine;
import dev.mercato.ledger.TransactionId;
import dev.mercato.ledger.core.RequestValidation;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.ObjectMapper;

@Service
class JdbcAccounts implements Accounts {

    private static final int REMEMBERED_IDS_MAX = 200_000;
    private static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");
    private static final String COLUMNS =
            "a.id, a.owner_type, a.owner_id, a.purpose, a.asset, s.scale, a.allow_negative, a.overdraft_limit, a.stripes, a.metadata, a.created_at";

    private final JdbcClient jdbc;
    private final LedgerStore store;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final Map<String, AccountId> committedIds = new ConcurrentHashMap<>();

    JdbcAccounts(JdbcClient jdbc, LedgerStore store, ObjectMapper json, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /** Opens an account on request (the API); accounts other modules open as a side effect are not theirs to record. */
    @Override
    @Transactional
    public Account open(NewAccount request) {
        Account account = insert(request);
        audit.changed("account", account.id().value(), null, AuditedState.of(account));
        return account;
    }

    private Account insert(NewAccount request) {
        validate(request);
        int scale = registerAsset(request.asset(), request.assetScale());
        String id = Ids.next("acct", clock);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int inserted = jdbc.sql("""
                INSERT INTO ledger_accounts (id, owner_type, owner_id, purpose, asset, allow_negative, overdraft_limit, stripes, metadata, created_at)
                VALUES (:id, :ownerType, :ownerId, :purpose, :asset, :allowNegative, :overdraft, :stripes, :metadata::jsonb, :createdAt)
                ON CONFLICT (owner_type, owner_id, purpose, asset) DO NOTHING""")
                .param("id", id).param("ownerType", request.owner().type().code()).param("ownerId", request.owner().id())
                .param("purpose", request.purpose()).param("asset", request.asset())
                .param("allowNegative", request.allowNegative()).param("overdraft", request.overdraftLimit())
                .param("stripes", request.stripes()).param("metadata", json.writeValueAsString(request.metadata()))
                .param("createdAt", Timestamp.from(now))
                .update();
        if (inserted == 0) {
            String existing = find(request.owner(), request.purpose(), request.asset()).map(a -> a.id().value()).orElse("?");
            throw new LedgerException(LedgerError.ACCOUNT_ALREADY_EXISTS, "an account for " + request.owner().type().code()
                    + " " + request.owner().id() + ", purpose " + request.purpose() + " and asset " + request.asset()
                    + " already exists: " + existing);
        }
        jdbc.sql("INSERT INTO ledger_balances (account_id, stripe) SELECT :id, s FROM generate_series(0, :n - 1) s")
                .param("id", id).param("n", request.stripes()).update();
        return new Account(new AccountId(id), request.owner(), request.purpose(), request.asset(), scale,
                request.allowNegative(), request.overdraftLimit(), request.stripes(), request.metadata(), now);
    }

    @Override
    @Transactional
    public Account openOrGet(NewAccount template) {
        validate(template);
        Optional<Account> existing = find(template.owner(), template.purpose(), template.asset());
        if (existing.isPresent()) {
            return existing.get();
        }
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:k, 7))")
                .param("k", template.owner().type() + "/" + template.owner().id() + "/" + template.purpose() + "/" + template.asset())
                .query(Object.class).single();
        return find(template.owner(), template.purpose(), template.asset()).orElseGet(() -> insert(template));
    }

    @Override
    public AccountId idOf(NewAccount template) {
        String key = template.owner().type().code() + "/" + template.owner().id() + "/" + template.purpose() + "/"
                + template.asset();
        AccountId known = committedIds.get(key);
        if (known != null) {
            return known;
        }
        AccountId id = openOrGet(template).id();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // Not before the commit: an account opened in a transaction that rolls back never existed.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    remember(key, id);
                }
            });
        } else {
            remember(key, id);
        }
        return id;
    }

    private void remember(String key, AccountId id) {
        if (committedIds.size() >= REMEMBERED_IDS_MAX) {
            committedIds.clear(); // a bound, not an eviction policy: the ids are looked up again as needed
        }
        committedIds.put(key, id);
    }

    @Override
    public Optional<Account> find(AccountId id) {
        if (!Ids.hasPrefix(id.value(), "acct")) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM ledger_accounts a JOIN ledger_assets s ON s.code = a.asset WHERE a.id = :id")
                .param("id", id.value()).query(this::account).optional();
    }

    @Override
    public Optional<Account> find(AccountOwner owner, String purpose, String asset) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM ledger_accounts a JOIN ledger_assets s ON s.code = a.asset
                WHERE a.owner_type = :type AND a.owner_id = :owner AND a.purpose = :purpose AND a.asset = :asset""")
                .param("type", owner.type().code()).param("owner", owner.id()).param("purpose", purpose)
                .param("asset", asset).query(this::account).optional();
    }

    @Override
    public List<Account> ofOwner(String ownerId, AccountId startingAfter, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM ledger_accounts a JOIN ledger_assets s ON s.code = a.asset
                WHERE a.owner_id = :owner AND a.id > :after ORDER BY a.id LIMIT :limit""")
                .param("owner", ownerId).param("after", startingAfter == null ? "" : startingAfter.value())
                .param("limit", limit).query(this::account).list();
    }

    @Override
    public Balance balance(AccountId id) {
        return jdbc.sql("""
                SELECT a.asset, coalesce(sum(b.posted), 0), coalesce(sum(b.pending_debits), 0), coalesce(sum(b.pending_credits), 0)
                FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id WHERE a.id = :id GROUP BY a.asset""")
                .param("id", id.value())
                .query((rs, n) -> new Balance(id, rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .optional()
                .orElseThrow(() -> new LedgerException(LedgerError.ACCOUNT_NOT_FOUND, "no account " + id));
    }

    @Override
    public long postedBalanceAt(AccountId id, Instant at) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM ledger_postings WHERE account_id = :id AND effective_at <= :at")
                .param("id", id.value()).param("at", Timestamp.from(at)).query(Long.class).single();
    }

    /**
     * Newest first. The running balance after each posting is the fold of the account's postings up
     * to it in journal order, computed from the current balance within one consistent snapshot.
     */
    @Override
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public List<StatementLine> statement(AccountId id, Long startingAfter, int limit) {
        record Row(long seq, String txn, String type, long amount, Instant effectiveAt, Instant createdAt, String reference) {
        }
        List<Row> rows = jdbc.sql("""
                SELECT p.seq, p.transaction_id, t.type, p.amount, p.effective_at, t.created_at, t.reference
                FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
                WHERE p.account_id = :id AND p.seq < :before ORDER BY p.seq DESC LIMIT :limit""")
                .param("id", id.value()).param("before", startingAfter == null ? Long.MAX_VALUE : startingAfter)
                .param("limit", limit)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getString(7)))
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        long newer = jdbc.sql("SELECT coalesce(sum(amount), 0) FROM ledger_postings WHERE account_id = :id AND seq > :seq")
                .param("id", id.value()).param("seq", rows.getFirst().seq()).query(Long.class).single();
        long running = balance(id).posted() - newer;
        List<StatementLine> lines = new ArrayList<>(rows.size());
        for (Row row : rows) {
            lines.add(new StatementLine(row.seq(), new TransactionId(row.txn()), row.type(), row.amount(), running,
                    row.effectiveAt(), row.createdAt(), row.reference()));
            running -= row.amount();
        }
        return lines;
    }

    /**
     * Changes the overdraft limit. The balance rows are locked first, so no transfer decides on the
     * old limit concurrently; lowering the limit below what is already in use is refused.
     */
    @Override
    @Transactional
    public Account changeOverdraftLimit(AccountId id, long overdraftLimit) {
        if (overdraftLimit < 0) {
            throw new LedgerException(LedgerError.VALIDATION_FAILED, "overdraft_limit must not be negative");
        }
        Account account = find(id).orElseThrow(() -> new LedgerException(LedgerError.ACCOUNT_NOT_FOUND, "no account " + id));
        long available = jdbc.sql("""
                SELECT coalesce(sum(posted - pending_debits), 0) FROM
                  (SELECT posted, pending_debits FROM ledger_balances WHERE account_id = :id ORDER BY stripe FOR UPDATE) b""")
                .param("id", id.value()).query(Long.class).single();
        if (!account.allowNegative() && available < -overdraftLimit) {
            throw new LedgerException(LedgerError.OVERDRAFT_IN_USE, "account " + id + " already uses " + -available
                    + " of its overdraft; the limit cannot go below that");
        }
        jdbc.sql("UPDATE ledger_accounts SET overdraft_limit = :limit WHERE id = :id")
                .param("limit", overdraftLimit).param("id", id.value()).update();
        Account changed = find(id).orElseThrow();
        audit.changed("account", id.value(), AuditedState.of(account), AuditedState.of(changed));
        return changed;
    }

    private static void validate(NewAccount request) {
        if (request.owner() == null || request.owner().type() == null || request.owner().id() == null
                || request.owner().id().isBlank() || request.owner().id().length() > 64) {
            throw new LedgerException(LedgerError.VALIDATION_FAILED, "an account needs an owner type and id");
        }
        if (request.purpose() == null || !PURPOSE.matcher(request.purpose()).matches()) {
            throw new LedgerException(LedgerError.VALIDATION_FAILED,
                    "purpose must be 1-64 characters of a-z, 0-9, _ . : - (e.g. seller.earnings.pending)");
        }
        RequestValidation.asset(request.asset(), false);
        if (request.overdraftLimit() < 0) {
            throw new LedgerException(LedgerError.VALIDATION_FAILED, "overdraft_limit must not be negative");
        }
        if (request.stripes() < 1 || request.stripes() > 64) {
            throw new LedgerException(LedgerError.VALIDATION_FAILED, "stripes must be between 1 and 64");
        }
    }

    /** ISO 4217 currencies take their scale from the standard; custom assets declare theirs on first use. */
    private int registerAsset(String asset, Integer requestedScale) {
        Integer iso = isoScale(asset);
        Integer scale = iso != null ? iso : requestedScale;
        Optional<Integer> known = jdbc.sql("SELECT scale FROM ledger_assets WHERE code = :code").param("code", asset)
                .query(Integer.class).optional();
        if (known.isPresent()) {
            if (requestedScale != null && iso == null && !known.get().equals(requestedScale)) {
                throw new LedgerException(LedgerError.ASSET_SCALE_CONFLICT,
                        asset + " already has scale " + known.get() + ", not " + requestedScale);
            }
            return known.get();
        }
        if (scale == null) {
            throw new LedgerException(LedgerError.UNKNOWN_ASSET,
                    asset + " is not an ISO 4217 currency; give asset_scale to declare it");
        }
        if (scale < 0 || scale > 18) {
            throw new LedgerException(LedgerError.VALIDATION_FAILED, "asset_scale must be between 0 and 18");
        }
        jdbc.sql("INSERT INTO ledger_assets (code, scale) VALUES (:code, :scale) ON CONFLICT DO NOTHING")
                .param("code", asset).param("scale", scale).update();
        return jdbc.sql("SELECT scale FROM ledger_assets WHERE code = :code").param("code", asset).query(Integer.class).single();
    }

    private static Integer isoScale(String code) {
        if (code.length() != 3) {
            return null;
        }
        try {
            int digits = Currency.getInstance(code).getDefaultFractionDigits();
            return digits < 0 ? null : digits;
        } catch (IllegalArgumentException notIso) {
            return null;
        }
    }

    private Account account(ResultSet rs, int row) throws SQLException {
        return new Account(new AccountId(rs.getString(1)), new AccountOwner(OwnerType.of(rs.getString(2)), rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getInt(6), rs.getBoolean(7), rs.getLong(8), rs.getInt(9),
                store.metadata(rs.getString(10)), rs.getTimestamp(11).toInstant());
    }
}
