package dev.mercato.payments.simulated;

import dev.mercato.payments.ProcessorTransfer;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /** How transfers to the account behave: paid at once, pending until settled, failed, or answered with a timeout. */
    String transferMode(String accountId) {
        return jdbc.sql("SELECT transfer_mode FROM simulated_accounts WHERE id = :id").param("id", accountId)
                .query(String.class).optional().orElse("paid");
    }

    boolean transferMode(String accountId, String mode) {
        return jdbc.sql("UPDATE simulated_accounts SET transfer_mode = :mode WHERE id = :id")
                .param("id", accountId).param("mode", mode).update() == 1;
    }

    void insertTransfer(String id, String accountId, long amount, String currency, String transferGroup,
            String sourcePaymentId, String status, String failureCode, Instant now) {
        jdbc.sql("""
                INSERT INTO simulated_transfers (id, account_id, amount, currency, transfer_group, source_payment_id,
                                                 status, failure_code, created_at)
                VALUES (:id, :account, :amount, :currency, :group, :source, :status, :failure, :now)""")
                .param("id", id).param("account", accountId).param("amount", amount).param("currency", currency)
                .param("group", transferGroup).param("source", sourcePaymentId).param("status", status)
                .param("failure", failureCode).param("now", Timestamp.from(now))
                .update();
    }

    record Transfer(String id, String accountId, long amount, String currency, String status, String failureCode) {

        ProcessorTransfer view() {
            ProcessorTransfer.Status s = switch (status) {
                case "paid" -> ProcessorTransfer.Status.PAID;
                case "pending" -> ProcessorTransfer.Status.PENDING;
                default -> ProcessorTransfer.Status.FAILED;
            };
            return new ProcessorTransfer(id, accountId, amount, currency, s, failureCode,
                    failureCode == null ? null : "the transfer " + status);
        }
    }

    Optional<Transfer> findTransfer(String id) {
        return jdbc.sql(TRANSFER + " WHERE id = :id").param("id", id).query(SimulatedAccounts::transfer).optional();
    }

    Optional<Transfer> lockTransfer(String id) {
        return jdbc.sql(TRANSFER + " WHERE id = :id FOR UPDATE").param("id", id).query(SimulatedAccounts::transfer).optional();
    }

    Optional<Transfer> transferOfGroup(String transferGroup) {
        return jdbc.sql(TRANSFER + " WHERE transfer_group = :group ORDER BY created_at LIMIT 1").param("group", transferGroup)
                .query(SimulatedAccounts::transfer).optional();
    }

    void transferStatus(String id, String status, String failureCode) {
        jdbc.sql("UPDATE simulated_transfers SET status = :status, failure_code = :failure WHERE id = :id")
                .param("id", id).param("status", status).param("failure", failureCode).update();
    }

    private static final String TRANSFER =
            "SELECT id, account_id, amount, currency, status, failure_code FROM simulated_transfers";

    private static Transfer transfer(ResultSet rs, int n) throws SQLException {
        return new Transfer(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6));
    }

    /** What transfers funded by this payment already moved. */
    long transferredFrom(String paymentId) {
        return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM simulated_transfers WHERE source_payment_id = :id")
                .param("id", paymentId).query(Long.class).single();
    }
}
