package dev.mercato.platform;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail: state-changing requests are recorded with who, for whom, what, from where and
 * under which request id; operators query it; the table refuses edits; secrets never reach it.
 */
class AuditTrailTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MercatoClock clock;

    HttpFixtures fixtures;
    Marketplace market;
    String adminUserId;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        market = new Marketplace(api, admin(), jdbc);
        adminUserId = admin().get("/v1/users/me").id();
    }

    @Test
    void recordsAStateChangeWithActorOnBehalfOfClientIpRequestIdAndResource() {
        String user = fixtures.user();
        String requestId = "req-audit-" + UUID.randomUUID();

        Api.Response opened = admin().onBehalfOf(user).header("X-Request-Id", requestId)
                .post("/v1/ledger/accounts", Map.of("purpose", "wallet", "asset", "USD"));
        assertThat(opened.status()).as(opened.body().toString()).isEqualTo(201);

        JsonNode event = single(admin().get("/v1/audit-events?request_id=" + requestId));
        assertThat(event.path("object").asString()).isEqualTo("audit_event");
        assertThat(event.path("actor_id").asString()).isEqualTo(adminUserId);
        assertThat(event.path("on_behalf_of").asString()).isEqualTo(user);
        assertThat(event.path("api_key_id").asString()).startsWith("key_");
        assertThat(event.path("method").asString()).isEqualTo("POST");
        assertThat(event.path("route").asString()).isEqualTo("POST /v1/ledger/accounts");
        assertThat(event.path("action").asString()).isEqualTo("account.create");
        assertThat(event.path("resource_type").asString()).isEqualTo("account");
        assertThat(event.path("resource_id").asString()).isEqualTo(opened.id());
        assertThat(event.path("status").asInt()).isEqualTo(201);
        assertThat(event.path("request_id").asString()).isEqualTo(requestId);
        assertThat(event.path("client_ip").asString()).isEqualTo("127.0.0.1");
        assertThat(Instant.parse(event.path("occurred_at").asString())).isCloseTo(clock.instant(),
                org.assertj.core.api.Assertions.within(Duration.ofMinutes(1)));
        assertThat(event.path("summary").path("request").path("purpose").asString()).isEqualTo("wallet");
        JsonNode change = event.path("summary").path("changes").get(0);
        assertThat(change.path("resource_id").asString()).isEqualTo(opened.id());
        assertThat(change.path("before").isNull()).as("opened by this request").isTrue();
        assertThat(change.path("after").path("owner").asString()).isEqualTo("user " + user);
        assertThat(change.path("after").path("purpose").asString()).isEqualTo("wallet");
    }

    @Test
    void aQuestionIsStillRecordedButAfterItsAnswerLeaves() {
        String user = fixtures.user();
        String requestId = "req-audit-question-" + UUID.randomUUID();

        Api.Response check = admin().onBehalfOf(user).header("X-Request-Id", requestId)
                .post("/v1/entitlements/check", Map.of("feature", "api_calls"));
        assertThat(check.status()).as(check.body().toString()).isEqualTo(200);

        assertThat(dev.mercato.testing.Eventually.holds(() -> jdbc.queryForObject(
                "SELECT count(*) FROM audit_events WHERE request_id = ?", Long.class, requestId) == 1))
                .as("the check's event is written by the next group commit").isTrue();
        JsonNode event = single(admin().get("/v1/audit-events?request_id=" + requestId));
        assertThat(event.path("route").asString()).isEqualTo("POST /v1/entitlements/check");
        assertThat(event.path("on_behalf_of").asString()).isEqualTo(user);
        assertThat(event.path("status").asInt()).isEqualTo(200);
        assertThat(event.path("summary").path("request").path("feature").asString()).isEqualTo("api_calls");
    }

    @Test
    void aPaymentIsRecordedAgainstTheOrderFromThePathAndJoinsItsLedgerRows() {
        Api.Client seller = market.seller();
        String course = market.publishCourse(seller, market.category(), 30_00);
        Api.Client buyer = fixtures.newUserClient();
        String buyerId = buyer.get("/v1/users/me").id();
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();

        Api.Response paid = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa"));
        assertThat(paid.text("status")).isEqualTo("paid");
        String requestId = paid.raw().headers().firstValue("X-Request-Id").orElseThrow();

        JsonNode event = single(admin().get("/v1/audit-events?request_id=" + requestId));
        assertThat(event.path("action").asString()).isEqualTo("order.pay");
        assertThat(event.path("route").asString()).isEqualTo("POST /v1/orders/{id}/pay");
        assertThat(event.path("resource_type").asString()).isEqualTo("order");
        assertThat(event.path("resource_id").asString()).isEqualTo(order);
        assertThat(event.path("actor_id").asString()).isEqualTo(buyerId);
        assertThat(event.path("on_behalf_of").isNull()).isTrue();
        JsonNode change = event.path("summary").path("changes").get(0);
        assertThat(change.path("resource_id").asString()).isEqualTo(order);
        assertThat(change.path("before").path("status").asString()).isEqualTo("pending_payment");
        assertThat(change.path("after").path("status").asString()).isEqualTo("paid");
        assertThat(change.path("after").path("processor_fee").asLong()).isPositive();
        assertThat(event.path("status").asInt()).isEqualTo(200);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM audit_events a JOIN ledger_transactions t ON t.reference = a.resource_id
                WHERE a.request_id = ?""", Long.class, requestId)).as("the payment's ledger rows").isPositive();
    }

    @Test
    void aTransferIsRecordedInTheCommitThatPostsItWithWhatMoved() {
        String user = fixtures.user();
        String from = fixtures.account(admin().onBehalfOf(user), "audit-from", "USD");
        String to = fixtures.account(admin().onBehalfOf(user), "audit-to", "USD");
        fixtures.fund(from, 5_00, "USD");
        String requestId = "req-transfer-" + UUID.randomUUID();

        Api.Response posted = admin().onBehalfOf(user).header("X-Request-Id", requestId).post("/v1/ledger/transactions",
                HttpFixtures.transfer("transfer", from, to, 1_25));
        assertThat(posted.status()).as(posted.body().toString()).isEqualTo(201);

        JsonNode event = single(admin().get("/v1/audit-events?request_id=" + requestId));
        assertThat(event.path("action").asString()).isEqualTo("transaction.create");
        assertThat(event.path("resource_id").asString()).isEqualTo(posted.id());
        assertThat(event.path("status").asInt()).as("the status the handler declares").isEqualTo(201);
        assertThat(event.path("on_behalf_of").asString()).isEqualTo(user);
        JsonNode change = event.path("summary").path("changes").get(0);
        assertThat(change.path("before").isNull()).isTrue();
        assertThat(change.path("after").path("postings").toString()).contains(from + " -125 USD", to + " +125 USD");
        assertThat(jdbc.queryForObject("""
                SELECT a.xmin::text = t.xmin::text FROM audit_events a JOIN ledger_transactions t ON t.id = a.resource_id
                WHERE a.request_id = ?""", Boolean.class, requestId)).as("written by the same database transaction").isTrue();
    }

    @Test
    void aListingChangeKeepsTheListingAsItWasBeforeAndAfter() {
        Api.Client seller = market.seller();
        String course = market.publishCourse(seller, market.category(), 30_00);

        Api.Response repriced = seller.patch("/v1/listings/" + course,
                Map.of("price", Map.of("amount", 45_00, "currency", "USD")));
        assertThat(repriced.status()).as(repriced.body().toString()).isEqualTo(200);
        String requestId = repriced.raw().headers().firstValue("X-Request-Id").orElseThrow();

        JsonNode event = single(admin().get("/v1/audit-events?request_id=" + requestId));
        assertThat(event.path("action").asString()).isEqualTo("listing.update");
        JsonNode change = event.path("summary").path("changes").get(0);
        assertThat(change.path("before").path("price").asString()).isEqualTo("3000 USD");
        assertThat(change.path("after").path("price").asString()).isEqualTo("4500 USD");
        assertThat(change.path("after").path("latest_version").asInt())
                .isEqualTo(change.path("before").path("latest_version").asInt() + 1);
    }

    @Test
    void aRefundIsRecordedAsTheRefundWithTheOrderBeforeAndAfter() throws Exception {
        Api.Client seller = market.seller();
        String order = market.sell(seller, market.category(), 40_00);
        market.awaitEarningsRecorded(order);

        Api.Response refund = admin().post("/v1/refunds", Map.of("order_id", order, "amount", 10_00));
        assertThat(refund.status()).as(refund.body().toString()).isEqualTo(201);
        String requestId = refund.raw().headers().firstValue("X-Request-Id").orElseThrow();

        JsonNode event = single(admin().get("/v1/audit-events?request_id=" + requestId));
        assertThat(event.path("resource_type").asString()).isEqualTo("refund");
        assertThat(event.path("resource_id").asString()).isEqualTo(refund.id());
        assertThat(event.path("status").asInt()).isEqualTo(201);
        JsonNode changes = event.path("summary").path("changes");
        JsonNode orderChange = changes.get(0);
        assertThat(orderChange.path("resource_id").asString()).isEqualTo(order);
        assertThat(orderChange.path("before").path("lines").get(0).asString()).doesNotContain("refunded");
        assertThat(orderChange.path("after").path("lines").get(0).asString()).endsWith("refunded 1000");
        assertThat(changes.get(1).path("after").path("amount").asLong()).isEqualTo(10_00);
    }

    @Test
    void aCommissionRuleChangeKeepsTheRuleItReplaced() {
        String sellerId = fixtures.user();
        Api.Response first = admin().post("/v1/commission-rules", Map.of("scope", "seller", "subject", sellerId,
                "basis_points", 1_000, "fixed_fee", 50));
        assertThat(first.status()).as(first.body().toString()).isEqualTo(201);

        Api.Response changed = admin().post("/v1/commission-rules", Map.of("scope", "seller", "subject", sellerId,
                "basis_points", 500));
        String requestId = changed.raw().headers().firstValue("X-Request-Id").orElseThrow();

        JsonNode event = single(admin().get("/v1/audit-events?request_id=" + requestId));
        assertThat(event.path("resource_type").asString()).isEqualTo("commission_rule");
        assertThat(event.path("resource_id").asString()).isEqualTo(first.id());
        JsonNode change = event.path("summary").path("changes").get(0);
        assertThat(change.path("before").path("basis_points").asInt()).isEqualTo(1_000);
        assertThat(change.path("before").path("fixed_fee").asLong()).isEqualTo(50);
        assertThat(change.path("after").path("basis_points").asInt()).isEqualTo(500);
        assertThat(change.path("after").path("fixed_fee").asLong()).isZero();
    }

    @Test
    void filtersByResourceActorAndTimeAndPagesWithACursor() {
        String user = fixtures.user();
        Api.Client client = api.as(fixtures.keyFor(user));
        Instant before = clock.instant();
        String first = fixtures.account(client, "first", "USD");
        String second = fixtures.account(client, "second", "USD");
        String third = fixtures.account(client, "third", "USD");

        assertThat(ids(admin().get("/v1/audit-events?actor=" + user))).containsExactly(third, second, first);
        assertThat(ids(admin().get("/v1/audit-events?resource_id=" + second))).containsExactly(second);
        assertThat(ids(admin().get("/v1/audit-events?resource_type=account&actor=" + user))).containsExactly(third, second,
                first);
        assertThat(ids(admin().get("/v1/audit-events?resource_type=order&actor=" + user))).isEmpty();
        assertThat(ids(admin().get("/v1/audit-events?actor=" + user + "&from=" + before + "&to=" + before.plusSeconds(3600))))
                .containsExactly(third, second, first);
        assertThat(ids(admin().get("/v1/audit-events?actor=" + user + "&to=" + before))).isEmpty();

        Api.Response page1 = admin().get("/v1/audit-events?actor=" + user + "&limit=2");
        assertThat(ids(page1)).containsExactly(third, second);
        assertThat(page1.body().path("has_more").asBoolean()).isTrue();
        String cursor = page1.body().path("data").get(1).path("id").asString();
        Api.Response page2 = admin().get("/v1/audit-events?actor=" + user + "&limit=2&starting_after=" + cursor);
        assertThat(ids(page2)).containsExactly(first);
        assertThat(page2.body().path("has_more").asBoolean()).isFalse();

        assertProblem(admin().get("/v1/audit-events?from=yesterday"), 400, "invalid_parameter");
        assertProblem(admin().get("/v1/audit-events?from=" + before + "&to=" + before), 400, "invalid_range");
    }

    @Test
    void onlyAdminsMayReadTheTrailAndRefusedChangesAreRecorded() {
        String user = fixtures.user();
        Api.Client client = api.as(fixtures.keyFor(user));

        assertProblem(client.get("/v1/audit-events"), 403, "forbidden");
        Api.Response refused = client.post("/v1/users", Map.of("name", "not allowed"));
        assertProblem(refused, 403, "forbidden");

        JsonNode event = single(admin().get("/v1/audit-events?request_id="
                + refused.raw().headers().firstValue("X-Request-Id").orElseThrow()));
        assertThat(event.path("status").asInt()).isEqualTo(403);
        assertThat(event.path("action").asString()).isEqualTo("user.create");
        assertThat(event.path("actor_id").asString()).isEqualTo(user);
    }

    @Test
    void invalidRequestsAndIdempotentReplaysChangeNothingAndAreNotRecorded() {
        String user = fixtures.user();
        Api.Client client = api.as(fixtures.keyFor(user)).idempotencyKey("audit-" + UUID.randomUUID());
        long before = events(user);

        assertThat(client.post("/v1/ledger/accounts", Map.of("purpose", "p", "asset", "USD")).status()).isEqualTo(201);
        Api.Response replay = client.post("/v1/ledger/accounts", Map.of("purpose", "p", "asset", "USD"));
        assertThat(replay.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertProblem(api.as(fixtures.keyFor(user)).post("/v1/ledger/accounts", Map.of("purpose", "p", "asset", "no")),
                400, "invalid_asset");

        assertThat(events(user) - before).isEqualTo(1);
    }

    @Test
    void secretsInRequestsAndResponsesNeverReachTheTrail() {
        String user = fixtures.user();
        Api.Response created = admin().post("/v1/users", Map.of("name", "Secretive " + UUID.randomUUID(),
                "metadata", Map.of("password", "hunter2", "note", "sk_live_abc", "city", "Lyon")));
        Api.Response key = admin().post("/v1/api-keys", Map.of("user_id", user, "name", "ci"));
        String secret = key.text("secret");
        assertThat(secret).startsWith("mk_");

        JsonNode userEvent = single(admin().get("/v1/audit-events?resource_id=" + created.id()));
        JsonNode metadata = userEvent.path("summary").path("request").path("metadata");
        assertThat(metadata.path("password").asString()).isEqualTo("[redacted]");
        assertThat(metadata.path("note").asString()).isEqualTo("[redacted]");
        assertThat(metadata.path("city").asString()).isEqualTo("Lyon");
        assertThat(single(admin().get("/v1/audit-events?resource_id=" + key.id())).path("action").asString())
                .isEqualTo("api_key.create");

        String everything = String.join("\n", jdbc.queryForList("SELECT summary::text FROM audit_events", String.class));
        assertThat(everything).doesNotContain("hunter2", "sk_live_abc", secret, "tok_visa");
    }

    @Test
    void concurrentChangesAreEachRecordedOnce() throws Exception {
        String user = fixtures.user();
        Api.Client client = api.as(fixtures.keyFor(user));
        List<String> opened;
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            List<Future<String>> results = IntStream.range(0, 32)
                    .mapToObj(i -> threads.submit(() -> fixtures.account(client, "race-" + i, "USD"))).toList();
            opened = new ArrayList<>();
            for (Future<String> result : results) {
                opened.add(result.get());
            }
        }

        assertThat(jdbc.queryForList("SELECT resource_id FROM audit_events WHERE actor_id = ? AND action = 'account.create'",
                String.class, user)).containsExactlyInAnyOrderElementsOf(opened);
    }

    @Test
    void theTableIsAppendOnlyAndOnlyThePurgeFunctionDeletes() {
        fixtures.user();
        String id = jdbc.queryForObject("SELECT id FROM audit_events ORDER BY id DESC LIMIT 1", String.class);

        assertThatThrownBy(() -> jdbc.update("UPDATE audit_events SET actor_id = 'someone_else' WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_events WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_events"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_events WHERE id = ?", Long.class, id)).isEqualTo(1);

        Instant oldest = jdbc.queryForObject("SELECT min(occurred_at) FROM audit_events", Timestamp.class).toInstant();
        assertThat(jdbc.queryForObject("SELECT audit_events_purge(?)", Long.class,
                Timestamp.from(oldest.minusSeconds(1)))).isZero();
        long total = jdbc.queryForObject("SELECT count(*) FROM audit_events", Long.class);
        long older = jdbc.queryForObject("SELECT count(*) FROM audit_events WHERE occurred_at <= ?", Long.class,
                Timestamp.from(oldest));
        assertThat(jdbc.queryForObject("SELECT audit_events_purge(?)", Long.class,
                Timestamp.from(oldest.plusNanos(1000)))).isEqualTo(older);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_events", Long.class)).isEqualTo(total - older);
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_events WHERE id = ?", id))
                .as("the purge's permission ends with its transaction").hasMessageContaining("append-only");
    }

    private long events(String actor) {
        return jdbc.queryForObject("SELECT count(*) FROM audit_events WHERE actor_id = ?", Long.class, actor);
    }

    private static JsonNode single(Api.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        JsonNode data = response.body().path("data");
        assertThat(data.size()).as(response.body().toString()).isEqualTo(1);
        return data.get(0);
    }

    private static List<String> ids(Api.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body().path("data").valueStream().map(e -> e.path("resource_id").asString()).toList();
    }
}
