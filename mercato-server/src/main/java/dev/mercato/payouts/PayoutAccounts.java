package dev.mercato.payouts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PayoutAccounts {

    private final JdbcClient jdbc;

    PayoutAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the account unless the seller already has one; returns whether it was inserted. */
    boolean insert(PayoutAccount a) {
        return jdbc.sql("""
                INSERT INTO payout_accounts (id, seller_id, processor, processor_account_id, charges_enabled, payouts_enabled,
                                             details_submitted, hold_days, created_at, updated_at)
                VALUES (:id, :seller, :processor, :account, :charges, :payouts, :details, :hold, :at, :at)
                ON CONFLICT (seller_id) DO NOTHING""")
                .param("id", a.id()).param("seller", a.sellerId()).param("processor", a.processor())
                .param("account", a.processorAccountId()).param("charges", a.chargesEnabled())
                .param("payouts", a.payoutsEnabled()).param("details", a.detailsSubmitted()).param("hold", a.holdDays())
                .param("at", Timestamp.from(a.createdAt()))
                .update() == 1;
    }

    Optional<PayoutAccount> ofSeller(String sellerId) {
        return jdbc.sql("SELECT * FROM payout_accounts WHERE seller_id = :seller").param("seller", sellerId)
                .query(this::map).optional();
    }

    Optional<PayoutAccount> find(String id) {
        return jdbc.sql("SELECT * FROM payout_accounts WHERE id = :id").param("id", id).query(this::map).optional();
    }

    void updateHoldDays(String id, Integer days, java.time.Instant at) {
        jdbc.sql("UPDATE payout_accounts SET hold_days = :days, updated_at = :at WHERE id = :id")
                .param("id", id).param("days", days).param("at", Timestamp.from(at)).update();
    }

    void updateCapabilities(String id, boolean charges, boolean payouts, boolean details, java.time.Instant at) {
        jdbc.sql("""
                UPDATE payout_accounts SET charges_enabled = :charges, payouts_enabled = :payouts,
                       details_submitted = :details, updated_at = :at WHERE id = :id""")
                .param("id", id).param("charges", charges).param("payouts", payouts).param("details", details)
                .param("at", Timestamp.from(at)).update();
    }

    private PayoutAccount map(ResultSet rs, int n) throws SQLException {
        return new PayoutAccount(rs.getString("id"), rs.getString("seller_id"), rs.getString("processor"),
                rs.getString("processor_account_id"), rs.getBoolean("charges_enabled"), rs.getBoolean("payouts_enabled"),
                rs.getBoolean("details_submitted"), (Integer) rs.getObject("hold_days"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
