package dev.mercato.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.payouts.EarningsRelease;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import dev.mercato.testing.ScriptedVerification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Every state-changing route records what it changed, with the state before and after, inside the
 * transaction that changes it — or is marked {@link AuditExempt} with its reason. The first test
 * calls every such route over HTTP and reads back what each request recorded, so a new route
 * without a decision fails the build; the others look closely at representative changes: their
 * before and after, the commit they share with the business row, and the secrets they leave out.
 */
class AuditCoverageTests extends IntegrationTest {

    private static final Set<RequestMethod> CHANGING = EnumSet.of(RequestMethod.POST, RequestMethod.PUT,
            RequestMethod.PATCH, RequestMethod.DELETE);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EarningsRelease release;
    @Autowired
    MercatoClock clock;
    @Autowired
    dev.mercato.billing.SubscriptionManagement billingSubscriptions;

    HttpFixtures fixtures;
    Marketplace market;
    final List<String> requestIds = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        market = new Marketplace(api, admin(), jdbc);
    }

    @Test
    void everyStateChangingRouteRecordsItsBeforeAndAfterOrIsExemptWithAReason() throws Exception {
        exerciseEveryRecordingRoute();
        Map<String, List<JsonNode>> recorded = changesByRoute(requestIds);

        Map<String, HandlerMethod> routes = stateChangingRoutes();
        assertThat(routes).hasSizeGreaterThan(60);
        List<String> undecided = new ArrayList<>();
        routes.forEach((route, handler) -> {
            AuditExempt exempt = handler.getMethodAnnotation(AuditExempt.class);
            if (exempt != null) {
                assertThat(exempt.value()).as(route + ": the reason it is exempt").isNotBlank();
                assertThat(recorded).as(route + " is exempt, yet recorded a change").doesNotContainKey(route);
            } else if (!recorded.containsKey(route)) {
                undecided.add(route);
            }
        });
        assertThat(undecided).as("routes that neither recorded a before/after when called here nor are @AuditExempt"
                + " (record the change with AuditLog.changed in the module's transaction, or mark the handler"
                + " @AuditExempt with a reason, and call the route above)").isEmpty();
        assertThat(routes.keySet()).as("every route called above exists").containsAll(recorded.keySet());
        recorded.forEach((route, changes) -> changes.forEach(change -> {
            assertThat(change.path("resource_type").asString()).as(route).isNotBlank();
            assertThat(change.path("resource_id").asString()).as(route).isNotBlank();
            assertThat(change.path("before").isNull() && change.path("after").isNull())
                    .as(route + " records a state before or after").isFalse();
        }));
    }

    @Test
    void anApiKeyIsRecordedInTheCommitThatStoresItAndRevokesItWithoutItsSecret() {
        String user = fixtures.user();
        Api.Response issued = admin().post("/v1/api-keys", Map.of("user_id", user, "name", "deploy"));
        assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
        Api.Response revoked = admin().delete("/v1/api-keys/" + issued.id());
        assertThat(revoked.status()).as(revoked.body().toString()).isEqualTo(200);

        JsonNode created = change(issued);
        assertThat(created.path("resource_type").asString()).isEqualTo("api_key");
        assertThat(created.path("before").isNull()).isTrue();
        assertThat(created.path("after").path("user_id").asString()).isEqualTo(user);
        assertThat(created.path("after").path("name").asString()).isEqualTo("deploy");
        JsonNode revocation = change(revoked);
        assertThat(revocation.path("before").path("revoked_at").isNull()).isTrue();
        assertThat(revocation.path("after").path("revoked_at").asString()).isNotBlank();
        assertThat(sameCommit(revoked, "api_keys", "id")).as("the revocation and its event: one transaction").isTrue();
        assertThat(summaries()).doesNotContain(issued.text("secret"));
    }

    @Test
    void aWebhookEndpointIsRecordedThroughARotationAndADeletionWithoutItsSecrets() {
        Api.Response created = admin().post("/v1/webhook-endpoints", Map.of("url", "http://127.0.0.1:9/audited",
                "enabled_events", List.of("payout.paid")));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(sameCommit(created, "webhook_endpoints", "id")).as("the endpoint and its event: one transaction").isTrue();
        Api.Response rotated = admin().post("/v1/webhook-endpoints/" + created.id() + "/rotate-secret",
                Map.of("overlap_seconds", 3600));
        assertThat(rotated.status()).as(rotated.body().toString()).isEqualTo(200);
        Api.Response deleted = admin().delete("/v1/webhook-endpoints/" + created.id());
        assertThat(deleted.status()).as(deleted.body().toString()).isEqualTo(200);

        assertThat(change(created).path("after").path("url").asString()).isEqualTo("http://127.0.0.1:9/audited");
        JsonNode rotation = change(rotated);
        assertThat(rotation.path("before").path("rotation_overlap_until").isNull()).isTrue();
        assertThat(Instant.parse(rotation.path("after").path("rotation_overlap_until").asString()))
                .isAfter(Instant.parse(created.text("created_at")));
        JsonNode deletion = change(deleted);
        assertThat(deletion.path("before").path("enabled_events").toString()).contains("payout.paid");
        assertThat(deletion.path("after").isNull()).isTrue();
        assertThat(summaries()).doesNotContain(created.text("secret"), rotated.text("secret"));
    }

    @Test
    void aFlagKeepsItsVariantsAndRulesReadableFromChangeToDeletion() {
        String key = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        admin().post("/v1/admin/flags", Map.of("key", key, "type", "boolean", "enabled", false));
        Api.Response targeted = admin().patch("/v1/admin/flags/" + key, Map.of("enabled", true,
                "rules", List.of(Map.of("roles", List.of("admin"), "variant", "on"))));
        assertThat(targeted.status()).as(targeted.body().toString()).isEqualTo(200);
        Api.Response deleted = admin().delete("/v1/admin/flags/" + key);
        assertThat(deleted.status()).isEqualTo(204);

        JsonNode change = change(targeted);
        assertThat(change.path("resource_id").asString()).isEqualTo(key);
        assertThat(change.path("before").path("enabled").asBoolean()).isFalse();
        assertThat(change.path("after").path("enabled").asBoolean()).isTrue();
        assertThat(change.path("after").path("rules").get(0).asString()).isEqualTo("users [] roles [admin] get on");
        assertThat(change.path("after").path("version").asInt()).isEqualTo(change.path("before").path("version").asInt() + 1);
        JsonNode deletion = change(deleted);
        assertThat(deletion.path("before").path("variants").toString()).contains("on=true", "off=false");
        assertThat(deletion.path("after").isNull()).isTrue();
    }

    @Test
    void aModeratedReviewIsRecordedInTheCommitThatApprovesIt() {
        Api.Client seller = market.seller();
        String course = market.publishCourse(seller, market.category(), 20_00);
        Api.Client buyer = fixtures.newUserClient();
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();
        buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa"));
        Api.Response written = buyer.post("/v1/listings/" + course + "/reviews", Map.of("stars", 4,
                "text", "Useful, my notes are at https://example.com/" + UUID.randomUUID()));
        assertThat(written.status()).as(written.body().toString()).isEqualTo(201);

        Api.Response approved = admin().post("/v1/reviews/" + written.id() + "/moderate", Map.of("decision", "approve"));
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);

        assertThat(change(written).path("after").path("state").asString()).isEqualTo("pending");
        JsonNode moderation = change(approved);
        assertThat(moderation.path("resource_id").asString()).isEqualTo(written.id());
        assertThat(moderation.path("before").path("state").asString()).isEqualTo("pending");
        assertThat(moderation.path("before").path("reasons").toString()).contains("contains_link");
        assertThat(moderation.path("after").path("state").asString()).isEqualTo("approved");
        assertThat(moderation.path("after").path("stars").asInt()).isEqualTo(4);
        assertThat(sameCommit(approved, "reviews", "id")).as("the decision and its event: one transaction").isTrue();
    }

    @Test
    void aSellersSettingsAndAnAccountsOverdraftAreRecordedAsTheyWereAndBecame() {
        Api.Client seller = fixtures.newUserClient();
        Api.Response weekly = seller.put("/v1/sellers/me/payout-schedule", Map.of("interval", "weekly",
                "weekly_anchor", "friday"));
        Api.Response monthly = seller.put("/v1/sellers/me/payout-schedule", Map.of("interval", "monthly",
                "monthly_anchor", 1));
        Api.Response quiet = seller.put("/v1/users/me/email-preferences", Map.of("sales", false));
        assertThat(List.of(weekly.status(), monthly.status(), quiet.status())).containsOnly(200);

        assertThat(change(weekly).path("before").isNull()).isTrue();
        JsonNode schedule = change(monthly);
        assertThat(schedule.path("resource_type").asString()).isEqualTo("payout_schedule");
        assertThat(schedule.path("before").path("interval").asString()).isEqualToIgnoringCase("weekly");
        assertThat(schedule.path("after").path("interval").asString()).isEqualToIgnoringCase("monthly");
        assertThat(sameCommit(monthly, "payout_schedules", "seller_id")).isTrue();
        JsonNode preferences = change(quiet);
        assertThat(preferences.path("before").path("enabled").toString()).containsIgnoringCase("sales");
        assertThat(preferences.path("after").path("enabled").toString()).doesNotContainIgnoringCase("sales");

        String user = fixtures.user();
        String account = fixtures.account(admin().onBehalfOf(user), "audited", "USD");
        Api.Response overdraft = admin().patch("/v1/ledger/accounts/" + account, Map.of("overdraft_limit", 10_00));
        assertThat(overdraft.status()).as(overdraft.body().toString()).isEqualTo(200);
        JsonNode limit = change(overdraft);
        assertThat(limit.path("before").path("overdraft_limit").asLong()).isZero();
        assertThat(limit.path("after").path("overdraft_limit").asLong()).isEqualTo(10_00);
        assertThat(limit.path("after").path("owner").asString()).isEqualTo("user " + user);
        assertThat(sameCommit(overdraft, "ledger_accounts", "id")).isTrue();
    }

    @Test
    void aRefusedChangeRecordsNothing() {
        long before = jdbc.queryForObject("SELECT count(*) FROM audit_events", Long.class);
        Api.Response missing = admin().delete("/v1/webhook-endpoints/we_missing");
        assertThat(missing.status()).isEqualTo(404);
        Api.Response unknownFlag = admin().patch("/v1/admin/flags/no-such-flag", Map.of("enabled", true));
        assertThat(unknownFlag.status()).isEqualTo(404);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_events WHERE request_id IN (?, ?)", Long.class,
                requestId(missing), requestId(unknownFlag))).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_events", Long.class)).isGreaterThanOrEqualTo(before);
    }

    /** Calls every route that records a change, each once and successfully (some routes also run as setup). */
    private void exerciseEveryRecordingRoute() throws Exception {
        // identity
        String sellerId = ok(admin().post("/v1/users", Map.of("name", "Audited seller"))).id();
        Api.Client seller = api.as(ok(admin().post("/v1/api-keys", Map.of("user_id", sellerId))).text("secret"));
        ok(seller.delete("/v1/api-keys/" + ok(seller.post("/v1/api-keys", Map.of("name", "spare"))).id()));

        // payouts: onboarding, hold period, schedule
        String payoutAccount = ok(seller.post("/v1/payout-accounts", Map.of())).id();
        ok(admin().patch("/v1/payout-accounts/" + payoutAccount, Map.of("hold_days", 0)));
        ok(seller.put("/v1/sellers/me/payout-schedule", Map.of("interval", "daily")));

        // catalog
        String slug = "audited-" + UUID.randomUUID();
        String category = ok(admin().post("/v1/categories", Map.of("name", "Audited", "slug", slug))).id();
        ok(admin().patch("/v1/categories/" + category, Map.of("name", "Audited courses")));
        String course = ok(seller.post("/v1/listings", Map.of("kind", "course", "title", "Audited course",
                "description", "Learn", "category_id", category, "price", Map.of("amount", 30_00, "currency", "USD"),
                "attributes", Map.of("level", "beginner", "language", "en")))).id();
        String file = ok(seller.upload("/v1/listings/" + course + "/files?name=notes.txt",
                "notes".getBytes(StandardCharsets.UTF_8), "text/plain")).id();
        ok(seller.delete("/v1/listings/" + course + "/files/" + file));
        ok(seller.patch("/v1/listings/" + course, Map.of("title", "Audited course, revised")));
        ok(seller.post("/v1/listings/" + course + "/publish", Map.of()));
        String withdrawn = market.publishCourse(seller, category, 10_00);
        ok(seller.post("/v1/listings/" + withdrawn + "/unpublish", Map.of()));
        ok(seller.post("/v1/listings/" + withdrawn + "/archive", Map.of()));

        // commissions, orders, payouts, refunds
        String rule = ok(admin().post("/v1/commission-rules", Map.of("scope", "seller", "subject", sellerId,
                "basis_points", 1_000))).id();
        ok(admin().delete("/v1/commission-rules/" + rule));
        ok(admin().put("/v1/sellers/" + sellerId + "/commission-tier", Map.of("tier", "audited")));
        Api.Client buyer = fixtures.newUserClient();
        String order = ok(buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course))))).id();
        ok(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")));
        market.awaitEarningsRecorded(order);
        release.releaseDue();
        ok(seller.post("/v1/payouts", Map.of("currency", "USD", "amount", 1_00)));
        ok(admin().post("/v1/refunds", Map.of("order_id", order, "amount", 5_00)));

        // reviews: a link sends the review to moderation
        String review = ok(buyer.post("/v1/listings/" + course + "/reviews", Map.of("stars", 4,
                "text", "Clear and useful, notes at https://example.com/" + UUID.randomUUID()))).id();
        ok(admin().post("/v1/reviews/" + review + "/moderate", Map.of("decision", "approve")));
        ok(seller.post("/v1/reviews/" + review + "/reply", Map.of("text", "Thank you for the review")));
        Api.Client reader = fixtures.newUserClient();
        ok(reader.post("/v1/reviews/" + review + "/votes", Map.of("helpful", true)));
        ok(reader.post("/v1/reviews/" + review + "/reports", Map.of("reason", "off topic")));
        ok(buyer.patch("/v1/reviews/" + review, Map.of("stars", 5)));
        ok(buyer.delete("/v1/reviews/" + review));

        // featured placements
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String placement = ok(admin().post("/v1/admin/featured", Map.of("listing_id", course,
                "starts_at", now.toString(), "ends_at", now.plus(1, ChronoUnit.DAYS).toString()))).id();
        ok(admin().delete("/v1/admin/featured/" + placement));

        // notifications and support
        ok(seller.put("/v1/users/me/email-preferences", Map.of("sales", false)));
        ok(seller.post("/v1/support/messages", Map.of("subject", "Payout question", "body", "When is my payout?")));

        // ledger
        String owner = fixtures.user();
        String from = ok(admin().onBehalfOf(owner).post("/v1/ledger/accounts", Map.of("purpose", "audited-from",
                "asset", "USD"))).id();
        String to = fixtures.account(admin().onBehalfOf(owner), "audited-to", "USD");
        ok(admin().patch("/v1/ledger/accounts/" + from, Map.of("overdraft_limit", 10_00)));
        String transfer = ok(admin().post("/v1/ledger/transactions", HttpFixtures.transfer("transfer", from, to, 2_00))).id();
        ok(admin().post("/v1/ledger/transactions/" + transfer + "/reverse", Map.of()));
        Map<String, Object> hold = Map.of("debit_account_id", from, "credit_account_id", to, "amount", 1_00);
        ok(admin().post("/v1/ledger/holds/" + ok(admin().post("/v1/ledger/holds", hold)).id() + "/capture", Map.of()));
        ok(admin().post("/v1/ledger/holds/" + ok(admin().post("/v1/ledger/holds", hold)).id() + "/void", Map.of()));

        // feature flags; the global kill switch is set to what it already is, so other tests are not disturbed
        String key = "audited-" + UUID.randomUUID().toString().substring(0, 8);
        ok(admin().post("/v1/admin/flags", Map.of("key", key, "type", "boolean")));
        ok(admin().patch("/v1/admin/flags/" + key, Map.of("description", "audited")));
        ok(admin().post("/v1/admin/flags/" + key + "/kill", Map.of()));
        ok(admin().delete("/v1/admin/flags/" + key));
        ok(admin().post("/v1/admin/flag-kill-switch", Map.of("engaged", false)));

        // webhook endpoints and a replay
        String endpoint = ok(admin().post("/v1/webhook-endpoints", Map.of("url", "http://127.0.0.1:9/audited",
                "enabled_events", List.of("payout.paid")))).id();
        ok(admin().patch("/v1/webhook-endpoints/" + endpoint, Map.of("description", "audited")));
        ok(admin().post("/v1/webhook-endpoints/" + endpoint + "/rotate-secret", Map.of()));
        assertThat(Eventually.holds(() -> admin().get("/v1/events?limit=1").body().path("data").size() == 1)).isTrue();
        String event = admin().get("/v1/events?limit=1").body().path("data").get(0).path("id").asString();
        ok(admin().post("/v1/events/" + event + "/replay", Map.of("endpoint_id", endpoint)));
        ok(admin().delete("/v1/webhook-endpoints/" + endpoint));

        // billing: a plan, a subscription through its life, an override, metered usage
        String code = "audited" + UUID.randomUUID().toString().substring(0, 8);
        String plan = ok(admin().post("/v1/plans", Map.of("code", code, "name", "Audited", "tier", 1,
                "prices", List.of(Map.of("currency", "USD", "interval", "month", "amount", 5_00)),
                "features", Map.of("seats", Map.of("type", "limit", "limit", 2))))).id();
        ok(admin().patch("/v1/plans/" + plan, Map.of("name", "Audited plan")));
        Api.Client subscriber = fixtures.newUserClient();
        String subscription = ok(subscriber.post("/v1/subscriptions", Map.of("plan_id", "plan_pro",
                "payment_method", "tok_visa", "trial", false))).id();
        ok(subscriber.post("/v1/subscriptions/" + subscription + "/payment-method", Map.of("payment_method", "tok_visa")));
        ok(subscriber.post("/v1/subscriptions/" + subscription + "/change", Map.of("plan_id", "plan_enterprise")));
        ok(subscriber.post("/v1/subscriptions/" + subscription + "/pause", Map.of()));
        ok(subscriber.post("/v1/subscriptions/" + subscription + "/resume", Map.of()));
        ok(subscriber.post("/v1/subscriptions/" + subscription + "/cancel", Map.of()));
        String subscriberId = subscriber.get("/v1/users/me").id();
        ok(admin().put("/v1/users/" + subscriberId + "/entitlement-overrides/workflow_runs",
                Map.of("type", "quota", "limit", 5, "period", "day")));
        ok(subscriber.post("/v1/usage/consume", Map.of("feature", "workflow_runs")));
        ok(subscriber.post("/v1/usage", Map.of("id", "audited-1", "feature", "api_calls", "quantity", 3,
                "timestamp", clock.instant().toString())));
        ok(admin().delete("/v1/users/" + subscriberId + "/entitlement-overrides/workflow_runs"));

        // invoices: a failed renewal's open invoice, voided by an operator
        Api.Client debtor = fixtures.newUserClient();
        String owed = ok(debtor.post("/v1/subscriptions", Map.of("plan_id", "plan_pro", "payment_method", "tok_visa",
                "trial", false))).id();
        ok(debtor.post("/v1/subscriptions/" + owed + "/payment-method", Map.of("payment_method", "tok_decline")));
        clock.advance(java.time.Duration.ofDays(32));
        billingSubscriptions.renewDue();
        String openInvoice = debtor.get("/v1/invoices").body().path("data").get(0).path("id").asString();
        ok(admin().post("/v1/invoices/" + openInvoice + "/void", Map.of()));

        // coupons and add-ons: an operator's coupon and add-on; a subscription started under the coupon buys an
        // add-on and removes it
        String couponCode = "AUDITED" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        ok(admin().post("/v1/coupons", Map.of("code", couponCode, "percent_off", 10, "duration", "once")));
        ok(admin().post("/v1/add-ons", Map.of("code", "audited" + UUID.randomUUID().toString().substring(0, 8),
                "name", "Audited", "prices", List.of(Map.of("currency", "USD", "interval", "month", "amount", 1_00)),
                "features", Map.of("seats", Map.of("type", "limit", "limit", 1)))));
        Api.Client couponer = fixtures.newUserClient();
        String couponed = ok(couponer.post("/v1/subscriptions", Map.of("plan_id", "plan_pro", "payment_method", "tok_visa",
                "trial", false, "coupon", couponCode))).id();
        ok(couponer.post("/v1/subscriptions/" + couponed + "/add-ons", Map.of("add_on_id", "addon_extra_listings")));
        ok(couponer.delete("/v1/subscriptions/" + couponed + "/add-ons/addon_extra_listings"));

        // rewards: a rule, an award under it, a catalog item and a spend on it; a redemption for a
        // voucher and the voucher used
        String rewardRule = "audited_" + UUID.randomUUID().toString().substring(0, 8);
        ok(admin().post("/v1/rewards/rules", Map.of("id", rewardRule, "description", "Audited", "amount", 600)));
        ok(admin().post("/v1/rewards/awards", Map.of("rule", rewardRule, "user_id", subscriberId, "source", "audited")));
        String item = "audited_" + UUID.randomUUID().toString().substring(0, 8);
        ok(admin().post("/v1/rewards/catalog", Map.of("id", item, "description", "Audited", "price", 20)));
        ok(subscriber.post("/v1/rewards/spend", Map.of("item", item)));
        String voucher = ok(subscriber.post("/v1/rewards/redemptions", Map.of("type", "voucher"))).text("voucher_code");
        ok(admin().post("/v1/rewards/vouchers/" + voucher + "/use", Map.of("reference", "audited")));

        // leaderboards: a friendship asked, accepted and ended; a group and a member; a rebuild from the ledger
        Api.Client friend = fixtures.newUserClient();
        String friendId = friend.get("/v1/users/me").id();
        ok(subscriber.post("/v1/friends", Map.of("user_id", friendId)));
        ok(friend.post("/v1/friends", Map.of("user_id", subscriberId)));
        ok(subscriber.delete("/v1/friends/" + friendId));
        String group = ok(subscriber.post("/v1/groups", Map.of("name", "Audited class"))).id();
        ok(subscriber.post("/v1/groups/" + group + "/members", Map.of("user_id", friendId)));
        ok(admin().post("/v1/admin/leaderboards/rebuild", Map.of()));

        // credits: a paid top-up and a promotional grant
        ok(subscriber.post("/v1/credits/top-ups", Map.of("units", 100, "currency", "USD", "payment_method", "tok_visa")));
        ok(admin().post("/v1/credits/grants", Map.of("user_id", subscriberId, "units", 25, "reason", "audited")));

        // referrals: the program, and a claim of a code (made on first ask) by a new user
        ok(admin().put("/v1/referrals/program", Map.of("qualify_on", "verified_signup", "vesting_days", 14)));
        String referralCode = admin().onBehalfOf(subscriberId).header("X-Client-IP", "198.51.100.200")
                .get("/v1/referrals/me").text("code");
        ok(admin().onBehalfOf(fixtures.user()).header("X-Client-IP", "203.0.113.200")
                .post("/v1/referrals/claim", Map.of("code", referralCode)));
        // campaigns: create, fund, accept a task, submit (borderline, by the scripted verifier), reject, appeal, close
        Api.Client campaignBuyer = fixtures.newUserClient();
        String campaign = ok(campaignBuyer.post("/v1/campaigns", Map.of("title", "Audited campaign", "questions",
                List.of("What do you audit?"), "reward", 1_00, "currency", "USD", "target", 2, "deadline",
                clock.instant().plus(7, ChronoUnit.DAYS).toString()))).id();
        ok(campaignBuyer.post("/v1/campaigns/" + campaign + "/fund", Map.of("payment_method", "tok_visa")));
        Api.Client responder = fixtures.newUserClient();
        String task = ok(responder.post("/v1/campaigns/" + campaign + "/tasks", Map.of())).id();
        String submission = ok(responder.post("/v1/tasks/" + task + "/submission", Map.of("text",
                ScriptedVerification.borderline("I audit the ledger every week and compare it with the bank.")))).id();
        ok(campaignBuyer.post("/v1/submissions/" + submission + "/review", Map.of("decision", "reject", "category",
                "low_effort", "reason", "The answer names a habit but gives no example of what the audit found or how it"
                        + " changed anything, which the guidance asked for.")));
        ok(responder.post("/v1/submissions/" + submission + "/appeal", Map.of("message", "Please read it again.")));
        ok(campaignBuyer.post("/v1/campaigns/" + campaign + "/close", Map.of()));

        // the test clock
        ok(admin().post("/v1/test-clock/advance", Map.of("seconds", 1)));

        // a processor webhook: the simulated processor reports a payout to Mercato's receiver over HTTP
        String connected = seller.get("/v1/payout-accounts/me").text("processor_account_id");
        String reported = admin().post("/v1/simulated-processor/accounts/" + connected + "/payouts",
                Map.of("amount", 1_00, "currency", "USD", "outcome", "paid")).text("id");
        requestIds.add(jdbc.queryForObject("""
                SELECT request_id FROM audit_events WHERE route = 'POST /v1/processor-webhooks/{adapter}'
                AND summary::text LIKE ?""", String.class, "%" + reported + "%"));
    }

    /** The changes each route recorded for these requests, by route ({@code POST /v1/orders/{id}/pay}). */
    private Map<String, List<JsonNode>> changesByRoute(List<String> ids) {
        Map<String, List<JsonNode>> byRoute = new HashMap<>();
        jdbc.query("SELECT route, summary::text FROM audit_events WHERE request_id = ANY(?)", row -> {
            String route = row.getString(1);
            json.readTree(row.getString(2)).path("changes")
                    .forEach(c -> byRoute.computeIfAbsent(route, r -> new ArrayList<>()).add(c));
        }, (Object) ids.toArray(String[]::new));
        return byRoute;
    }

    /** Every POST, PUT, PATCH and DELETE route Mercato serves, as the audit trail names it, with its handler. */
    private Map<String, HandlerMethod> stateChangingRoutes() {
        Map<String, HandlerMethod> routes = new TreeMap<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("dev.mercato")) {
                return;
            }
            for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                if (CHANGING.contains(method)) {
                    info.getPatternValues().forEach(pattern -> routes.put(method + " " + pattern, handler));
                }
            }
        });
        return routes;
    }

    private Api.Response ok(Api.Response response) {
        assertThat(response.status()).as(response.raw().request().method() + " " + response.raw().uri() + " "
                + response.body()).isBetween(200, 299);
        requestIds.add(requestId(response));
        return response;
    }

    /** The one change the request recorded. */
    private JsonNode change(Api.Response response) {
        String summary = jdbc.queryForObject("SELECT summary::text FROM audit_events WHERE request_id = ?", String.class,
                requestId(response));
        JsonNode changes = json.readTree(summary).path("changes");
        assertThat(changes.size()).as(summary).isEqualTo(1);
        return changes.get(0);
    }

    /**
     * Whether the request's audit event and the row it changed ({@code table}, found by its {@code key}
     * column) were written by one transaction.
     */
    private boolean sameCommit(Api.Response response, String table, String key) {
        return jdbc.queryForObject("SELECT a.xmin::text = t.xmin::text FROM audit_events a JOIN " + table + " t ON t."
                + key + " = a.summary->'changes'->0->>'resource_id' WHERE a.request_id = ?", Boolean.class,
                requestId(response));
    }

    private String summaries() {
        return String.join("\n", jdbc.queryForList("SELECT summary::text FROM audit_events", String.class));
    }

    private static String requestId(Api.Response response) {
        return response.raw().headers().firstValue("X-Request-Id").orElseThrow();
    }
}
