package dev.mercato.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.TransactionPosted;
import dev.mercato.payments.RecordedEvents;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.Instances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * With {@code mercato.ledger.publish-transactions=true}, every committed ledger transaction —
 * group-committed by the ledger's writer threads here — is published inside its own database
 * transaction, so the outbox row commits with the postings, and becomes a
 * {@code ledger.transaction.posted} event.
 */
class LedgerTransactionEventsTests {

    static final String ADMIN_KEY = "mk_ledger_events_admin_key_0123456789ab";
    static ConfigurableApplicationContext instance;

    @BeforeAll
    static void start() {
        instance = Instances.start("--mercato.ledger.publish-transactions=true", "--mercato.bootstrap-admin-key=" + ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void aGroupCommittedTransactionIsPublishedWithItsPostingsAndBecomesAnEvent() {
        Api.Client admin = Instances.api(instance).as(ADMIN_KEY);
        HttpFixtures fixtures = new HttpFixtures(Instances.api(instance), admin);
        String from = fixtures.world("USD");
        String to = fixtures.world("USD");
        JdbcTemplate jdbc = instance.getBean(JdbcTemplate.class);

        String transaction;
        try (RecordedEvents<TransactionPosted> posted = RecordedEvents.of(TransactionPosted.class, instance)) {
            Api.Response made = admin.post("/v1/ledger/transactions", HttpFixtures.transfer("deposit", from, to, 12_34));
            assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
            transaction = made.id();

            assertThat(posted.matching(e -> e.transactionId().equals(transaction))).singleElement()
                    .satisfies(r -> assertThat(r.inTransaction()).as("published inside the database transaction").isTrue());
        }
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM event_publication
                WHERE event_type LIKE '%TransactionPosted' AND serialized_event LIKE ?""", Long.class, "%" + transaction + "%"))
                .as("in the outbox as soon as the caller has its answer").isGreaterThanOrEqualTo(1);

        assertThat(Eventually.holds(() -> event(admin, transaction) != null)).isTrue();
        JsonNode data = event(admin, transaction).path("data");
        assertThat(data.path("type").asString()).isEqualTo("deposit");
        assertThat(data.path("entries").size()).isEqualTo(2);
        assertThat(data.path("entries").get(0).path("amount").asLong()).isEqualTo(12_34);
        assertThat(data.path("entries").get(0).path("direction").asString()).isEqualTo("debit");
        assertThat(data.path("entries").get(0).path("account_id").asString()).isEqualTo(from);
    }

    private static JsonNode event(Api.Client admin, String transaction) {
        for (JsonNode e : admin.get("/v1/events?type=ledger.transaction.posted&limit=100").body().path("data")) {
            if (e.path("data").path("transaction_id").asString().equals(transaction)) {
                return e;
            }
        }
        return null;
    }
}
