package dev.mercato.referrals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The referrals' tables; nothing outside this module writes them. */
@Repository
class ReferralStore {

    private final JdbcClient jdbc;

    ReferralStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // codes

    Optional<String> codeOf(String userId) {
        return jdbc.sql("SELECT code FROM referral_codes WHERE user_id = :user").param("user", userId)
                .query(String.class).optional();
    }

    Optional<String> ownerOf(String code) {
        return jdbc.sql("SELECT user_id FROM referral_codes WHERE code = :code").param("code", code)
                .query(String.class).optional();
    }

    /** @return false when the user already has a code or the code is taken */
    boolean insertCode(String userId, String code, Instant at) {
        return jdbc.sql("INSERT INTO referral_codes (user_id, code, created_at) VALUES (:user, :code, :at) ON CONFLICT DO NOTHING")
                .param("user", userId).param("code", code).param("at", Timestamp.from(at)).update() == 1;
    }

    /** Serialises the qualifications of one referrer's referrals, so the monthly cap holds under concurrency. */
    void lockReferrer(String userId) {
        jdbc.sql("SELECT user_id FROM referral_codes WHERE user_id = :user FOR UPDATE").param("user", userId)
                .query(String.class).optional();
    }

    // sightings

    void sight(String userId, String kind, String hash, Instant at) {
        jdbc.sql("""
                INSERT INTO referral_sightings (user_id, kind, value_hash, first_seen_at, last_seen_at)
                VALUES (:user, :kind, :hash, :at, :at)
                ON CONFLICT (user_id, kind, value_hash) DO UPDATE
                SET last_seen_at = greatest(referral_sightings.last_seen_at, EXCLUDED.last_seen_at)""")
                .param("user", userId).param("kind", kind).param("hash", hash).param("at", Timestamp.from(at)).update();
    }

    /** Whether both users were seen with one address (or device) since {@code since}. */
    boolean sharedSighting(String referrerId, String referredId, String kind, Instant since) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM referral_sightings a JOIN referral_sightings b
                                 ON b.kind = a.kind AND b.value_hash = a.value_hash
                               WHERE a.user_id = :referrer AND b.user_id = :referred AND a.kind = :kind
                                 AND a.last_seen_at >= :since AND b.last_seen_at >= :since)""")
                .param("referrer", referrerId).param("referred", referredId).param("kind", kind)
                .param("since", Timestamp.from(since)).query(Boolean.class).single();
    }

    // the program

    Optional<ReferralProgram> program() {
        return jdbc.sql("SELECT * FROM referral_program WHERE id = 'default'").query((rs, n) -> ReferralProgram.checked(
                ReferralProgram.Qualification.of(rs.getString("qualify_on")), rs.getLong("referrer_credits"),
                rs.getLong("referred_credits"), rs.getBoolean("referrer_tokens"), rs.getBoolean("referred_tokens"),
                rs.getInt("vesting_days"), rs.getObject("monthly_cap", Integer.class), rs.getInt("match_window_days"),
                rs.getInt("claim_window_days"), rs.getTimestamp("updated_at").toInstant())).optional();
    }

    void save(ReferralProgram p) {
        jdbc.sql("""
                INSERT INTO referral_program (id, qualify_on, referrer_credits, referred_credits, referrer_tokens,
                                              referred_tokens, vesting_days, monthly_cap, match_window_days,
                                              claim_window_days, updated_at)
                VALUES ('default', :qualify, :rc, :dc, :rt, :dt, :vesting, :cap, :match, :claim, :at)
                ON CONFLICT (id) DO UPDATE SET qualify_on = EXCLUDED.qualify_on, referrer_credits = EXCLUDED.referrer_credits,
                  referred_credits = EXCLUDED.referred_credits, referrer_tokens = EXCLUDED.referrer_tokens,
                  referred_tokens = EXCLUDED.referred_tokens, vesting_days = EXCLUDED.vesting_days,
                  monthly_cap = EXCLUDED.monthly_cap, match_window_days = EXCLUDED.match_window_days,
                  claim_window_days = EXCLUDED.claim_window_days, updated_at = EXCLUDED.updated_at""")
                .param("qualify", p.qualifyOn().code()).param("rc", p.referrerCredits()).param("dc", p.referredCredits())
                .param("rt", p.referrerTokens()).param("dt", p.referredTokens()).param("vesting", p.vestingDays())
                .param("cap", p.monthlyCap()).param("match", p.matchWindowDays()).param("claim", p.claimWindowDays())
                .param("at", Timestamp.from(p.updatedAt())).update();
    }

    // referrals

    /** @return false when the referred user already has a referral (one referrer per referred user) */
    boolean insert(Referral r) {
        return jdbc.sql("""
                INSERT INTO referrals (id, referrer_id, referred_id, code, status, rejection_reason, qualify_on, claimed_at)
                VALUES (:id, :referrer, :referred, :code, :status, :reason, :qualify, :at)
                ON CONFLICT (referred_id) DO NOTHING""")
                .param("id", r.id()).param("referrer", r.referrerId()).param("referred", r.referredId())
                .param("code", r.code()).param("status", r.status().code()).param("reason", r.rejectionReason())
                .param("qualify", r.qualifyOn().code()).param("at", Timestamp.from(r.claimedAt())).update() == 1;
    }

    Optional<Referral> find(String id) {
        return jdbc.sql("SELECT * FROM referrals WHERE id = :id").param("id", id).query(ReferralStore::referral).optional();
    }

    Optional<Referral> lock(String id) {
        return jdbc.sql("SELECT * FROM referrals WHERE id = :id FOR UPDATE").param("id", id)
                .query(ReferralStore::referral).optional();
    }

    Optional<Referral> ofReferred(String userId) {
        return jdbc.sql("SELECT * FROM referrals WHERE referred_id = :user").param("user", userId)
                .query(ReferralStore::referral).optional();
    }

    List<String> qualifiedBy(String orderId) {
        return jdbc.sql("SELECT id FROM referrals WHERE order_id = :order").param("order", orderId)
                .query(String.class).list();
    }

    /** Writes a referral's status and the times and facts that come with it. */
    void update(Referral r) {
        jdbc.sql("""
                UPDATE referrals SET status = :status, rejection_reason = :reason, order_id = :order,
                  qualified_at = :qualified, vests_at = :vests, rewarded_at = :rewarded, clawed_back_at = :clawed,
                  last_error = :error
                WHERE id = :id""")
                .param("id", r.id()).param("status", r.status().code()).param("reason", r.rejectionReason())
                .param("order", r.orderId()).param("qualified", ts(r.qualifiedAt())).param("vests", ts(r.vestsAt()))
                .param("rewarded", ts(r.rewardedAt())).param("clawed", ts(r.clawedBackAt()))
                .param("error", r.lastError()).update();
    }

    void recordError(String id, String error) {
        jdbc.sql("UPDATE referrals SET last_error = :error WHERE id = :id").param("id", id).param("error", error).update();
    }

    /** Referrals of the referrer that qualified in {@code [from, to)}, whatever became of them since. */
    long qualifiedBetween(String referrerId, Instant from, Instant to) {
        return jdbc.sql("""
                SELECT count(*) FROM referrals WHERE referrer_id = :referrer AND qualified_at >= :from
                AND qualified_at < :to AND status <> 'rejected'""")
                .param("referrer", referrerId).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query(Long.class).single();
    }

    /** Referrals whose rewards are due to be paid, oldest due first; those whose payment failed before last. */
    List<String> due(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id FROM referrals WHERE status IN ('vesting', 'qualified') AND vests_at <= :now
                ORDER BY last_error IS NOT NULL, vests_at, id LIMIT :limit""")
                .param("now", Timestamp.from(now)).param("limit", limit).query(String.class).list();
    }

    // rewards

    void insert(ReferralReward w) {
        jdbc.sql("""
                INSERT INTO referral_rewards (id, referral_id, user_id, side, kind, asset, amount, status, created_at)
                VALUES (:id, :referral, :user, :side, :kind, :asset, :amount, :status, :at)""")
                .param("id", w.id()).param("referral", w.referralId()).param("user", w.userId()).param("side", w.side())
                .param("kind", w.kind()).param("asset", w.asset()).param("amount", w.amount()).param("status", w.status())
                .param("at", Timestamp.from(w.createdAt())).update();
    }

    List<ReferralReward> rewardsOf(String referralId) {
        return jdbc.sql("SELECT * FROM referral_rewards WHERE referral_id = :referral ORDER BY side DESC, kind")
                .param("referral", referralId).query(ReferralStore::reward).list();
    }

    void update(ReferralReward w) {
        jdbc.sql("""
                UPDATE referral_rewards SET status = :status, paid = :paid, clawed_back = :clawed, unrecovered = :unrecovered,
                  paid_reference = :reference, paid_at = :paidAt, clawed_back_at = :clawedAt
                WHERE id = :id""")
                .param("id", w.id()).param("status", w.status()).param("paid", w.paid()).param("clawed", w.clawedBack())
                .param("unrecovered", w.unrecovered()).param("reference", w.paidReference())
                .param("paidAt", ts(w.paidAt())).param("clawedAt", ts(w.clawedBackAt())).update();
    }

    // statistics

    /** Referrals by status, of one referrer or (null) of everyone. */
    Map<String, Long> countsByStatus(String referrerId) {
        return counts("SELECT status, count(*) FROM referrals WHERE (CAST(:referrer AS TEXT) IS NULL OR referrer_id = :referrer)"
                + " GROUP BY status", referrerId);
    }

    /** Rejected referrals by reason, of one referrer or (null) of everyone. */
    Map<String, Long> rejectionsByReason(String referrerId) {
        return counts("SELECT rejection_reason, count(*) FROM referrals WHERE status = 'rejected'"
                + " AND (CAST(:referrer AS TEXT) IS NULL OR referrer_id = :referrer) GROUP BY rejection_reason ORDER BY 2 DESC",
                referrerId);
    }

    private Map<String, Long> counts(String sql, String referrerId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql(sql).param("referrer", referrerId).query(rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

    /** Sums of rewards by kind and asset: held, paid, clawed back, unrecovered; of one user or (null) of everyone. */
    List<RewardTotals> rewardTotals(String userId) {
        return jdbc.sql("""
                SELECT kind, asset,
                       coalesce(sum(amount) FILTER (WHERE status = 'held'), 0) AS held,
                       coalesce(sum(paid), 0) AS paid,
                       coalesce(sum(clawed_back), 0) AS clawed_back,
                       coalesce(sum(amount) FILTER (WHERE status = 'cancelled'), 0) AS cancelled,
                       coalesce(sum(unrecovered), 0) AS unrecovered
                FROM referral_rewards WHERE (CAST(:user AS TEXT) IS NULL OR user_id = :user)
                GROUP BY kind, asset ORDER BY kind, asset""")
                .param("user", userId)
                .query((rs, n) -> new RewardTotals(rs.getString("kind"), rs.getString("asset"), rs.getLong("held"),
                        rs.getLong("paid"), rs.getLong("clawed_back"), rs.getLong("cancelled"), rs.getLong("unrecovered")))
                .list();
    }

    /** The referrers with the most referrals that qualified (rejected ones aside), most first. */
    List<ReferralStats.TopReferrer> topReferrers(int limit) {
        return jdbc.sql("""
                SELECT referrer_id, count(*) FILTER (WHERE status <> 'rejected' AND status <> 'pending') AS qualified,
                       count(*) FILTER (WHERE status = 'rewarded') AS rewarded, count(*) AS claimed,
                       count(*) FILTER (WHERE status = 'rejected') AS rejected
                FROM referrals GROUP BY referrer_id
                ORDER BY qualified DESC, rewarded DESC, claimed DESC, referrer_id LIMIT :limit""")
                .param("limit", limit)
                .query((rs, n) -> new ReferralStats.TopReferrer(rs.getString("referrer_id"), rs.getLong("qualified"),
                        rs.getLong("rewarded"), rs.getLong("claimed"), rs.getLong("rejected")))
                .list();
    }

    /** Totals of one kind of reward. */
    record RewardTotals(String kind, String asset, long held, long paid, long clawedBack, long cancelled,
            long unrecovered) {
    }

    private static Referral referral(ResultSet rs, int n) throws SQLException {
        return new Referral(rs.getString("id"), rs.getString("referrer_id"), rs.getString("referred_id"),
                rs.getString("code"), ReferralStatus.of(rs.getString("status")), rs.getString("rejection_reason"),
                ReferralProgram.Qualification.of(rs.getString("qualify_on")), rs.getString("order_id"),
                instant(rs, "claimed_at"), instant(rs, "qualified_at"), instant(rs, "vests_at"), instant(rs, "rewarded_at"),
                instant(rs, "clawed_back_at"), rs.getString("last_error"));
    }

    private static ReferralReward reward(ResultSet rs, int n) throws SQLException {
        return new ReferralReward(rs.getString("id"), rs.getString("referral_id"), rs.getString("user_id"),
                rs.getString("side"), rs.getString("kind"), rs.getString("asset"), rs.getLong("amount"),
                rs.getString("status"), rs.getLong("paid"), rs.getLong("clawed_back"), rs.getLong("unrecovered"),
                rs.getString("paid_reference"), instant(rs, "created_at"), instant(rs, "paid_at"),
                instant(rs, "clawed_back_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
