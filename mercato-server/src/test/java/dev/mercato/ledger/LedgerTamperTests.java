package dev.mercato.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Edits the journal behind the ledger's back, the way a DBA with superuser rights could, and checks
 * that verify reports it. Runs on a database of its own, because it leaves that ledger corrupt.
 */
@SpringBootTest
class LedgerTamperTests {

    static final String DATABASE = TestDatabases.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE);
        registry.add("spring.datasource.username", () -> TestDatabases.USER);
    }

    @Autowired
    Ledger ledger;
    @Autowired
    Accounts accounts;
    @Autowired
    LedgerVerification verification;

    LedgerFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new LedgerFixtures(ledger, accounts);
    }

    @Test
    void theJournalRefusesOrdinaryUpdatesAndDeletes() throws SQLException {
        Transaction t = fixtures.transfer(fixtures.funded("USD", 50), fixtures.userAccount("USD"), 10);
        try (Connection c = TestDatabases.connect(DATABASE); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE ledger_postings SET amount = amount * 2 WHERE transaction_id = '" + t.id() + "'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM ledger_transactions WHERE id = '" + t.id() + "'"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void verifyReportsAPostingEditedDirectlyInTheDatabase() throws Exception {
        Account from = fixtures.funded("USD", 1_000);
        Transaction victim = fixtures.transfer(from, fixtures.userAccount("USD"), 250);
        Transaction renamed = fixtures.transfer(from, fixtures.userAccount("USD"), 5);
        awaitSealed();
        assertThat(verification.verify().violations()).isEmpty();

        try (Connection c = TestDatabases.connect(DATABASE); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica"); // what a superuser does to slip past triggers
            s.executeUpdate("UPDATE ledger_postings SET amount = 2500 WHERE transaction_id = '" + victim.id() + "' AND amount > 0");
            s.executeUpdate("UPDATE ledger_transactions SET type = 'refund' WHERE id = '" + renamed.id() + "'");
        }

        VerificationReport report = verification.verify();

        assertThat(report.ok()).isFalse();
        assertThat(report.violations())
                .anySatisfy(v -> assertThat(v).extracting(VerificationReport.Violation::invariant, VerificationReport.Violation::subject)
                        .containsExactly("hash_chain", victim.id().value()))
                .anySatisfy(v -> assertThat(v).extracting(VerificationReport.Violation::invariant, VerificationReport.Violation::subject)
                        .containsExactly("hash_chain", renamed.id().value()))
                .anySatisfy(v -> assertThat(v.invariant()).isEqualTo("balanced_per_asset"))
                .anySatisfy(v -> assertThat(v.invariant()).isEqualTo("balance_equals_postings"));
    }

    private void awaitSealed() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (verification.verify().unsealed() > 0) {
            assertThat(Instant.now()).as("the sealer keeps up").isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
