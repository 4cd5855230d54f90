package dev.mercato.payments.simulated;

import dev.mercato.payments.ConnectedAccount;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The simulated processor's connected accounts and the transfers to them. */
@Repository
class SimulatedAccounts {

    private final JdbcClient jdbc;

    SimulatedAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ConnectedAccount account, String email, String country, Instant now) {
        jdbc.sql("""
                INSERT INTO simulated_accounts (id, reference, email, country, charges_enabled, payouts_enabled, created_at)
                VALUES (:id, :reference, :email, :country, :charges, :payouts, :now)""")
                .param("id", account.id()).param("reference", account.reference()).param("email", email)
                .param("country", country).param("charges", account.chargesEnabled())
                .param("payouts", account.payoutsEnabled()).param("now", Timestamp.from(now)).update();
    }

    Optional<ConnectedAccount> find(String id) {
        return jdbc.sql("SELECT id, reference, charges_enabled, payouts_enabled FROM simulated_accounts WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new ConnectedAccount(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                        rs.getBoolean(4), true))
                .optional();
    }

    void insertTransfer(String id, String accountId, long amount, String currency, String transferGroup,
            String sourcePaymentId, Instant now) {
        jdbc.sql("""
                INSERT INTO simulated_transfers (id, account_id, amount, currency, transfer_group, source_payment_id, created_at)
                VALUES (:id, :account, :amount, :currency, :group, :source, :now)""")
                .param("id", id).param("account", accountId).param("amount", amount).param("currency", currency)
                .param("group", transferGroup).param("source", sourcePaymentId).param("now", Timestamp.from(now))
                .update();
    }

    record Transfer(String id, String accountId, long amount, String currency) {
    }

    Optional<Transfer> findTransfer(String id) {
        return jdbc.sql("SELECT id, account_id, amount, currency FROM simulated_transfers WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new Transfer(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .optional();
    }

    /** What transfers funded by this payment already moved. */
    long transferredFrom(String paymentId) {
        return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM simulated_transfers WHERE source_payment_id = :id")
                .param("id", paymentId).query(Long.class).single();
    }
}
