package dev.mercato.credits;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One row per user with credits: its two ledger accounts, and the row every change of the wallet locks first. */
@Repository
class Wallets {

    record Wallet(String userId, String paidAccountId, String freeAccountId) {
    }

    private final JdbcClient jdbc;

    Wallets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertIfAbsent(String userId, String paidAccountId, String freeAccountId, Instant at) {
        jdbc.sql("""
                INSERT INTO credit_wallets (user_id, paid_account_id, free_account_id, created_at)
                VALUES (:user, :paid, :free, :at) ON CONFLICT (user_id) DO NOTHING""")
                .param("user", userId).param("paid", paidAccountId).param("free", freeAccountId)
                .param("at", Timestamp.from(at)).update();
    }

    /** Locks the wallet: changes of one user's credits happen one at a time, which is what makes a draw race-free. */
    Optional<Wallet> lock(String userId) {
        return jdbc.sql("SELECT * FROM credit_wallets WHERE user_id = :user FOR UPDATE").param("user", userId)
                .query((rs, n) -> new Wallet(rs.getString("user_id"), rs.getString("paid_account_id"),
                        rs.getString("free_account_id")))
                .optional();
    }
}
