package dev.mercato.rewards;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rules, awards (each a lot of tokens) and catalog tables (V29__rewards.sql, V35). */
@Repository
class RewardStore {

    private static final String RULE = """
            SELECT id, description, amount, provider_amount, percent_bps, min_amount, max_amount, daily_cap,
                   lifetime_cap, cooldown_seconds, active, created_at, updated_at, expires_after_days FROM reward_rules""";
    private static final String AWARD = """
            SELECT id, rule_id, user_id, source, amount, transaction_id, awarded_at, expires_at, remaining, expired
            FROM reward_awards""";

    /**
     * The order lots are spent in (ADR 0022, as credits in ADR 0018): the soonest expiry first, lots
     * that never expire last; then the oldest award first.
     */
    static final String DRAW_ORDER = "expires_at ASC NULLS LAST, awarded_at, id";

    private final JdbcClient jdbc;

    RewardStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<RewardRule> rules() {
        return jdbc.sql(RULE + " ORDER BY id").query(RewardStore::rule).list();
    }

    Optional<RewardRule> rule(String id) {
        return jdbc.sql(RULE + " WHERE id = :id").param("id", id).query(RewardStore::rule).optional();
    }

    /** Inserts or replaces a rule; returns it as stored. */
    RewardRule save(RewardRule r, Instant now) {
        return jdbc.sql("""
                INSERT INTO reward_rules (id, description, amount, provider_amount, percent_bps, min_amount, max_amount,
                                          daily_cap, lifetime_cap, cooldown_seconds, active, created_at, updated_at,
                                          expires_after_days)
                VALUES (:id, :description, :amount, :provider, :percent, :min, :max, :daily, :lifetime, :cooldown, :active,
                        :now, :now, :expiresAfter)
                ON CONFLICT (id) DO UPDATE SET description = EXCLUDED.description, amount = EXCLUDED.amount,
                  provider_amount = EXCLUDED.provider_amount, percent_bps = EXCLUDED.percent_bps,
                  min_amount = EXCLUDED.min_amount, max_amount = EXCLUDED.max_amount, daily_cap = EXCLUDED.daily_cap,
                  lifetime_cap = EXCLUDED.lifetime_cap, cooldown_seconds = EXCLUDED.cooldown_seconds,
                  active = EXCLUDED.active, updated_at = EXCLUDED.updated_at, expires_after_days = EXCLUDED.expires_after_days
                RETURNING id, description, amount, provider_amount, percent_bps, min_amount, max_amount, daily_cap,
                          lifetime_cap, cooldown_seconds, active, created_at, updated_at, expires_after_days""")
                .param("id", r.id()).param("description", r.description()).param("amount", r.amount())
                .param("provider", r.providerAmount()).param("percent", r.percentBps()).param("min", r.minAmount())
                .param("max", r.maxAmount()).param("daily", r.dailyCap()).param("lifetime", r.lifetimeCap())
                .param("cooldown", r.cooldown().toSeconds()).param("active", r.active())
                .param("expiresAfter", r.expiresAfterDays())
                .param("now", Timestamp.from(now)).query(RewardStore::rule).single();
    }

    /** Serialises awards of one rule to one user until the transaction ends (caps and cooldowns count them). */
    void lock(String ruleId, String userId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('reward:' || :rule || ':' || :user, 0))")
                .param("rule", ruleId).param("user", userId).query((rs, n) -> 1).single();
    }

    Optional<Award> award(String ruleId, String userId, String source, String asset) {
        return jdbc.sql(AWARD + " WHERE rule_id = :rule AND user_id = :user AND source = :source")
                .param("rule", ruleId).param("user", userId).param("source", source)
                .query((rs, n) -> award(rs, asset)).optional();
    }

    /** Awards of the rule to the user since {@code since}, and when the latest of all was made. */
    record Counts(long since, long ever, Instant latest) {
    }

    Counts counts(String ruleId, String userId, Instant since) {
        return jdbc.sql("""
                SELECT count(*) FILTER (WHERE awarded_at >= :since), count(*), max(awarded_at) FROM reward_awards
                WHERE rule_id = :rule AND user_id = :user""")
                .param("rule", ruleId).param("user", userId).param("since", Timestamp.from(since))
                .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant())).single();
    }

    void insert(Award a) {
        jdbc.sql("""
                INSERT INTO reward_awards (id, rule_id, user_id, source, amount, transaction_id, awarded_at, expires_at,
                                           remaining)
                VALUES (:id, :rule, :user, :source, :amount, :tx, :at, :expires, :amount)""")
                .param("id", a.id()).param("rule", a.ruleId()).param("user", a.userId()).param("source", a.source())
                .param("amount", a.amount()).param("tx", a.transactionId()).param("at", Timestamp.from(a.awardedAt()))
                .param("expires", a.expiresAt() == null ? null : Timestamp.from(a.expiresAt())).update();
    }

    // lots: every award is one

    /** Serialises every change of one user's tokens (spends, redemptions, expiry) until the transaction ends. */
    void lockWallet(String userId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('reward-wallet:' || :user, 0))").param("user", userId)
                .query((rs, n) -> 1).single();
    }

    /** The user's lots with tokens left and not expired at {@code now}, in draw order, locked. */
    List<Award> spendable(String userId, Instant now, String asset) {
        return jdbc.sql(AWARD + " WHERE user_id = :user AND remaining > 0 AND (expires_at IS NULL OR expires_at > :now)"
                        + " ORDER BY " + DRAW_ORDER + " FOR UPDATE")
                .param("user", userId).param("now", Timestamp.from(now)).query((rs, n) -> award(rs, asset)).list();
    }

    /** What the user can spend at {@code now}: the unexpired lots' remaining tokens. */
    long spendableTotal(String userId, Instant now) {
        return jdbc.sql("SELECT coalesce(sum(remaining), 0) FROM reward_awards WHERE user_id = :user AND remaining > 0"
                        + " AND (expires_at IS NULL OR expires_at > :now)")
                .param("user", userId).param("now", Timestamp.from(now)).query(Long.class).single();
    }

    /** When the user's next tokens expire, and how many; empty when none will. */
    Optional<Expiring> nextExpiring(String userId, Instant now) {
        return jdbc.sql("""
                SELECT expires_at, sum(remaining) FROM reward_awards WHERE user_id = :user AND remaining > 0
                  AND expires_at > :now GROUP BY expires_at ORDER BY expires_at LIMIT 1""")
                .param("user", userId).param("now", Timestamp.from(now))
                .query((rs, n) -> new Expiring(rs.getTimestamp(1).toInstant(), rs.getLong(2))).optional();
    }

    record Expiring(Instant at, long tokens) {
    }

    /** The user's lots newest first, after the award {@code startingAfter} (exclusive) when given. */
    List<Award> lots(String userId, String startingAfter, int limit, String asset) {
        return jdbc.sql(AWARD + " WHERE user_id = :user AND (CAST(:after AS text) IS NULL OR id < :after)"
                        + " ORDER BY id DESC LIMIT :limit")
                .param("user", userId).param("after", startingAfter).param("limit", limit)
                .query((rs, n) -> award(rs, asset)).list();
    }

    void take(String awardId, long tokens) {
        int changed = jdbc.sql("UPDATE reward_awards SET remaining = remaining - :tokens WHERE id = :id AND remaining >= :tokens")
                .param("id", awardId).param("tokens", tokens).update();
        if (changed != 1) {
            throw new IllegalStateException("lot " + awardId + " has fewer than " + tokens + " tokens left");
        }
    }

    /** Lots past their expiry with tokens left, soonest first: the expiry job's work. */
    List<String> due(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM reward_awards WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= :now
                ORDER BY expires_at, id LIMIT :limit""")
                .param("now", Timestamp.from(now)).param("limit", limit).query(String.class).list();
    }

    Optional<Award> lockLot(String awardId, String asset) {
        return jdbc.sql(AWARD + " WHERE id = :id FOR UPDATE").param("id", awardId).query((rs, n) -> award(rs, asset))
                .optional();
    }

    Optional<Award> lot(String awardId, String asset) {
        return jdbc.sql(AWARD + " WHERE id = :id").param("id", awardId).query((rs, n) -> award(rs, asset)).optional();
    }

    /** Moves everything left in the lot to expired. */
    void expire(String awardId, long tokens) {
        jdbc.sql("UPDATE reward_awards SET remaining = remaining - :tokens, expired = expired + :tokens WHERE id = :id")
                .param("id", awardId).param("tokens", tokens).update();
    }

    /** A take-back of tokens (Rewards.takeBack), once per reference: the economy counts it out of circulation. */
    void insertTakeBack(String reference, String userId, long amount, String transactionId, Instant at) {
        jdbc.sql("""
                INSERT INTO reward_take_backs (reference, user_id, amount, transaction_id, taken_at)
                VALUES (:reference, :user, :amount, :tx, :at) ON CONFLICT (reference) DO NOTHING""")
                .param("reference", reference).param("user", userId).param("amount", amount).param("tx", transactionId)
                .param("at", Timestamp.from(at)).update();
    }

    private static final String ITEM = """
            SELECT id, description, price, disposal, duration_seconds, active, created_at, updated_at FROM reward_catalog""";
    private static final String SPEND = """
            SELECT id, item_id, user_id, price, disposal, transaction_id, spent_at, expires_at FROM reward_spends""";

    List<CatalogItem> catalog() {
        return jdbc.sql(ITEM + " ORDER BY id").query(RewardStore::item).list();
    }

    Optional<CatalogItem> item(String id) {
        return jdbc.sql(ITEM + " WHERE id = :id").param("id", id).query(RewardStore::item).optional();
    }

    CatalogItem save(CatalogItem i, Instant now) {
        return jdbc.sql("""
                INSERT INTO reward_catalog (id, description, price, disposal, duration_seconds, active, created_at, updated_at)
                VALUES (:id, :description, :price, :disposal, :duration, :active, :now, :now)
                ON CONFLICT (id) DO UPDATE SET description = EXCLUDED.description, price = EXCLUDED.price,
                  disposal = EXCLUDED.disposal, duration_seconds = EXCLUDED.duration_seconds, active = EXCLUDED.active,
                  updated_at = EXCLUDED.updated_at
                RETURNING id, description, price, disposal, duration_seconds, active, created_at, updated_at""")
                .param("id", i.id()).param("description", i.description()).param("price", i.price())
                .param("disposal", i.disposal()).param("duration", i.duration() == null ? null : i.duration().toSeconds())
                .param("active", i.active()).param("now", Timestamp.from(now)).query(RewardStore::item).single();
    }

    void insert(Spend s) {
        jdbc.sql("""
                INSERT INTO reward_spends (id, item_id, user_id, price, disposal, transaction_id, spent_at, expires_at)
                VALUES (:id, :item, :user, :price, :disposal, :tx, :at, :expires)""")
                .param("id", s.id()).param("item", s.itemId()).param("user", s.userId()).param("price", s.price())
                .param("disposal", s.disposal()).param("tx", s.transactionId()).param("at", Timestamp.from(s.spentAt()))
                .param("expires", s.expiresAt() == null ? null : Timestamp.from(s.expiresAt())).update();
    }

    /** The user's benefits that last beyond {@code at}, soonest to end first (lasting ones last). */
    List<Spend> activeSpends(String userId, Instant at, String asset) {
        return jdbc.sql(SPEND + " WHERE user_id = :user AND (expires_at IS NULL OR expires_at > :at) "
                        + "ORDER BY expires_at NULLS LAST, id")
                .param("user", userId).param("at", Timestamp.from(at))
                .query((rs, n) -> new Spend(rs.getString("id"), rs.getString("item_id"), rs.getString("user_id"),
                        rs.getLong("price"), asset, rs.getString("disposal"), rs.getString("transaction_id"),
                        rs.getTimestamp("spent_at").toInstant(),
                        rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant(), 0))
                .list();
    }

    private static CatalogItem item(ResultSet rs, int n) throws SQLException {
        Long seconds = rs.getObject("duration_seconds", Long.class);
        return new CatalogItem(rs.getString("id"), rs.getString("description"), rs.getLong("price"),
                rs.getString("disposal"), seconds == null ? null : Duration.ofSeconds(seconds), rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static RewardRule rule(ResultSet rs, int n) throws SQLException {
        return new RewardRule(rs.getString("id"), rs.getString("description"), rs.getObject("amount", Long.class),
                rs.getObject("provider_amount", Long.class), rs.getObject("percent_bps", Integer.class),
                rs.getObject("min_amount", Long.class), rs.getObject("max_amount", Long.class),
                rs.getObject("daily_cap", Integer.class), rs.getObject("lifetime_cap", Integer.class),
                Duration.ofSeconds(rs.getLong("cooldown_seconds")), rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getObject("expires_after_days", Integer.class));
    }

    private static Award award(ResultSet rs, String asset) throws SQLException {
        return new Award(rs.getString("id"), rs.getString("rule_id"), rs.getString("user_id"), rs.getString("source"),
                rs.getLong("amount"), asset, rs.getString("transaction_id"), rs.getTimestamp("awarded_at").toInstant(),
                rs.getTimestamp("expires_at") == null ? null : rs.getTimestamp("expires_at").toInstant(),
                rs.getLong("remaining"), rs.getLong("expired"));
    }
}
