package dev.mercato.rewards;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Redemptions and voucher codes (V35). */
@Repository
class RedemptionStore {

    private static final String REDEMPTION = """
            SELECT id, user_id, type, tokens, currency, face_value, fee, cash, credits, credit_lot_id, feature,
                   feature_expires_at, voucher_code, payout_id, transaction_id, created_at FROM reward_redemptions""";
    private static final String VOUCHER = """
            SELECT code, redemption_id, user_id, value, currency, issued_at, used_at, used_by, used_reference
            FROM reward_vouchers""";

    private final JdbcClient jdbc;

    RedemptionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Redemption r) {
        jdbc.sql("""
                INSERT INTO reward_redemptions (id, user_id, type, tokens, currency, face_value, fee, cash, credits,
                    credit_lot_id, feature, feature_expires_at, voucher_code, payout_id, transaction_id, created_at)
                VALUES (:id, :user, :type, :tokens, :currency, :face, :fee, :cash, :credits, :lot, :feature, :featureExpires,
                    :voucher, :payout, :txn, :at)""")
                .param("id", r.id()).param("user", r.userId()).param("type", r.type()).param("tokens", r.tokens())
                .param("currency", r.currency()).param("face", r.faceValue()).param("fee", r.fee()).param("cash", r.cash())
                .param("credits", r.credits()).param("lot", r.creditLotId()).param("feature", r.feature())
                .param("featureExpires", r.featureExpiresAt() == null ? null : Timestamp.from(r.featureExpiresAt()))
                .param("voucher", r.voucherCode()).param("payout", r.payoutId()).param("txn", r.transactionId())
                .param("at", Timestamp.from(r.createdAt())).update();
    }

    void setPayout(String redemptionId, String payoutId) {
        jdbc.sql("UPDATE reward_redemptions SET payout_id = :payout WHERE id = :id").param("id", redemptionId)
                .param("payout", payoutId).update();
    }

    /** The user's redemptions, newest first, after {@code startingAfter} (exclusive) when given. */
    List<Redemption> ofUser(String userId, String startingAfter, int limit, String asset) {
        return jdbc.sql(REDEMPTION + " WHERE user_id = :user AND (CAST(:after AS text) IS NULL OR id < :after)"
                        + " ORDER BY id DESC LIMIT :limit")
                .param("user", userId).param("after", startingAfter).param("limit", limit)
                .query((rs, n) -> redemption(rs, asset)).list();
    }

    /** Inserts a voucher; false when the code is taken (the caller draws another). */
    boolean insert(Voucher v) {
        return jdbc.sql("""
                INSERT INTO reward_vouchers (code, redemption_id, user_id, value, currency, issued_at)
                VALUES (:code, :redemption, :user, :value, :currency, :at) ON CONFLICT (code) DO NOTHING""")
                .param("code", v.code()).param("redemption", v.redemptionId()).param("user", v.userId())
                .param("value", v.value()).param("currency", v.currency()).param("at", Timestamp.from(v.issuedAt()))
                .update() == 1;
    }

    Optional<Voucher> voucher(String code) {
        return jdbc.sql(VOUCHER + " WHERE code = :code").param("code", code).query(RedemptionStore::voucher).optional();
    }

    Optional<Voucher> lockVoucher(String code) {
        return jdbc.sql(VOUCHER + " WHERE code = :code FOR UPDATE").param("code", code).query(RedemptionStore::voucher)
                .optional();
    }

    /** The user's vouchers (all users' when null), newest first, after the code {@code startingAfter}. */
    List<Voucher> vouchers(String userId, String status, String startingAfter, int limit) {
        return jdbc.sql(VOUCHER + " " + """
                         WHERE (CAST(:user AS text) IS NULL OR user_id = :user)
                           AND (CAST(:status AS text) IS NULL OR (used_at IS NULL) = (CAST(:status AS text) = 'issued'))
                           AND (CAST(:after AS text) IS NULL OR (issued_at, code) <
                                (SELECT issued_at, code FROM reward_vouchers WHERE code = :after))
                         ORDER BY issued_at DESC, code DESC LIMIT :limit""")
                .param("user", userId).param("status", status).param("after", startingAfter).param("limit", limit)
                .query(RedemptionStore::voucher).list();
    }

    void markUsed(String code, String usedBy, String reference, Instant at) {
        jdbc.sql("UPDATE reward_vouchers SET used_at = :at, used_by = :by, used_reference = :reference WHERE code = :code")
                .param("code", code).param("by", usedBy).param("reference", reference).param("at", Timestamp.from(at))
                .update();
    }

    private static Voucher voucher(ResultSet rs, int n) throws SQLException {
        Timestamp used = rs.getTimestamp("used_at");
        return new Voucher(rs.getString("code"), rs.getString("redemption_id"), rs.getString("user_id"), rs.getLong("value"),
                rs.getString("currency"), used == null ? "issued" : "used", rs.getTimestamp("issued_at").toInstant(),
                used == null ? null : used.toInstant(), rs.getString("used_by"), rs.getString("used_reference"));
    }

    private static Redemption redemption(ResultSet rs, String asset) throws SQLException {
        Timestamp featureEnd = rs.getTimestamp("feature_expires_at");
        return new Redemption(rs.getString("id"), rs.getString("user_id"), rs.getString("type"), rs.getLong("tokens"), asset,
                rs.getString("currency"), rs.getObject("face_value", Long.class), rs.getObject("fee", Long.class),
                rs.getObject("cash", Long.class), rs.getObject("credits", Long.class), rs.getString("credit_lot_id"),
                rs.getString("feature"), featureEnd == null ? null : featureEnd.toInstant(), rs.getString("voucher_code"),
                rs.getString("payout_id"), rs.getString("transaction_id"), rs.getTimestamp("created_at").toInstant(), 0);
    }
}
