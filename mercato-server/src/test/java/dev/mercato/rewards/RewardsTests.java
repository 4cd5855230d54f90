package dev.mercato.rewards;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.LedgerVerification;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import dev.mercato.testing.Prometheus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Earning rules and awards over the API: amounts, idempotency, caps, cooldowns, races, and the ledger behind them. */
class RewardsTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    LedgerVerification verification;
    @Autowired
    MercatoClock clock;

    HttpFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
    }

    @Test
    void theDefaultRulesPayTheMarketplacesAmountsAndTheBalanceIsTheLedgers() {
        String seeker = fixtures.user();
        String provider = fixtures.user();

        Api.Response seekerProfile = award("profile_created", seeker, "profile:" + seeker, Map.of());
        Api.Response providerProfile = award("profile_created", provider, "profile:" + provider, Map.of("provider", true));
        Api.Response deal = award("engagement_completed", provider, "eng_1", Map.of("value", 123_45));
        Api.Response content = award("content_created", seeker, "post_1", Map.of("amount", 120));

        assertThat(seekerProfile.status()).as(seekerProfile.body().toString()).isEqualTo(201);
        assertThat(seekerProfile.number("amount")).isEqualTo(25);
        assertThat(seekerProfile.text("asset")).isEqualTo("POT");
        assertThat(seekerProfile.id()).startsWith("rwd_");
        assertThat(providerProfile.number("amount")).isEqualTo(50);
        assertThat(deal.number("amount")).as("5 % of 12,345, rounded down").isEqualTo(617);
        assertThat(content.number("amount")).isEqualTo(120);
        assertThat(balance(seeker)).isEqualTo(145);
        assertThat(balance(provider)).isEqualTo(667);
        assertThat(jdbc.queryForObject("""
                SELECT p.amount FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
                WHERE p.transaction_id = ? AND a.purpose = 'rewards.wallet'""", Long.class,
                deal.text("transaction_id"))).as("the award is a ledger posting to the wallet").isEqualTo(617);
        assertThat(jdbc.queryForObject("SELECT a.xmin::text = t.xmin::text FROM reward_awards a JOIN ledger_transactions t "
                + "ON t.id = a.transaction_id WHERE a.id = ?", Boolean.class, deal.id()))
                .as("the award and its ledger transaction: one commit").isTrue();

        Api.Response history = api.as(fixtures.keyFor(seeker)).get("/v1/rewards/history");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body().path("data")).hasSize(2);
        assertThat(history.body().path("data").get(0).path("type").asString()).isEqualTo("earn");
        assertThat(history.body().path("data").get(0).path("amount").asLong()).isEqualTo(120);
        assertThat(history.body().path("data").get(0).path("balance").asLong()).isEqualTo(145);
        assertThat(history.body().path("data").get(0).path("reference").asString()).isEqualTo(content.id());
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void anAwardRetriedOrRacedUnderOneSourceIsMadeOnce() throws Exception {
        String user = fixtures.user();
        Api.Response first = award("rating_given", user, "review:rev_1", Map.of());
        Api.Response retried = award("rating_given", user, "review:rev_1", Map.of());
        assertThat(first.status()).isEqualTo(201);
        assertThat(retried.status()).as("the same award, not a second").isEqualTo(200);
        assertThat(retried.id()).isEqualTo(first.id());

        List<Api.Response> raced = race(20, n -> award("rating_given", user, "review:rev_2", Map.of()));
        assertThat(raced).allSatisfy(r -> assertThat(r.status()).as(r.body().toString()).isIn(200, 201));
        assertThat(raced.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(raced.stream().map(Api.Response::id).distinct()).hasSize(1);
        assertThat(balance(user)).isEqualTo(20);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void capsHoldUnderConcurrentAwardsAndTheCooldownOpensWithTime() throws Exception {
        String rule = "capped_" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = admin().post("/v1/rewards/rules", Map.of("id", rule, "description", "Three a day",
                "amount", 7, "daily_cap", 3, "lifetime_cap", 5));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String user = fixtures.user();

        List<Api.Response> raced = race(12, n -> award(rule, user, "src-" + n, Map.of()));
        assertThat(raced.stream().filter(r -> r.status() == 201)).as("exactly the daily cap").hasSize(3);
        assertThat(raced.stream().filter(r -> r.status() != 201))
                .allSatisfy(r -> assertProblem(r, 409, "daily_cap_reached"));
        assertThat(balance(user)).isEqualTo(21);

        clock.advance(Duration.ofDays(1));
        assertThat(award(rule, user, "next-day-1", Map.of()).status()).isEqualTo(201);
        assertThat(award(rule, user, "next-day-2", Map.of()).status()).isEqualTo(201);
        assertProblem(award(rule, user, "next-day-3", Map.of()), 409, "lifetime_cap_reached");

        String cooling = "cooling_" + UUID.randomUUID().toString().substring(0, 8);
        admin().post("/v1/rewards/rules", Map.of("id", cooling, "description", "Once an hour", "amount", 1,
                "cooldown_seconds", 3600));
        assertThat(award(cooling, user, "a", Map.of()).status()).isEqualTo(201);
        Api.Response tooSoon = award(cooling, user, "b", Map.of());
        assertProblem(tooSoon, 409, "cooldown_active");
        assertThat(tooSoon.body().path("retry_at").asString()).isNotBlank();
        clock.advance(Duration.ofHours(1));
        assertThat(award(cooling, user, "b", Map.of()).status()).isEqualTo(201);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void operatorsChangeRulesAndOnlyOperatorsAward() {
        String rule = "boost_" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin().post("/v1/rewards/rules", Map.of("id", rule, "description", "Boost", "amount", 5)).status())
                .isEqualTo(201);
        Api.Response replaced = admin().post("/v1/rewards/rules", Map.of("id", rule, "description", "Boost, doubled",
                "amount", 10, "active", false));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.number("amount")).isEqualTo(10);
        assertThat(replaced.body().path("active").asBoolean()).isFalse();
        String user = fixtures.user();
        assertProblem(award(rule, user, "x", Map.of()), 409, "rule_inactive");

        Api.Client member = api.as(fixtures.keyFor(user));
        assertProblem(member.post("/v1/rewards/awards", Map.of("rule", "daily_login", "user_id", user, "source", "d")),
                403, "forbidden");
        assertProblem(member.post("/v1/rewards/rules", Map.of("id", "mine", "description", "Mine", "amount", 1_000_000)),
                403, "forbidden");
        assertProblem(member.get("/v1/rewards/balance?user_id=" + fixtures.user()), 403, "forbidden");
        Api.Response rules = member.get("/v1/rewards/rules");
        assertThat(rules.status()).isEqualTo(200);
        assertThat(rules.body().path("data").findValuesAsString("id")).contains("profile_created", "daily_login", rule);
        assertThat(jdbc.queryForList("SELECT summary::text FROM audit_events WHERE resource_type = 'rule' AND resource_id = ? "
                + "ORDER BY id", String.class, rule)).as("creation and change audited with the rule before and after")
                .hasSize(2).last().asString().contains("Boost, doubled").contains("\"amount\": 5");
    }

    @Test
    void refusesWhatARuleCannotPay() {
        String user = fixtures.user();
        assertProblem(award("no_such_rule", user, "s", Map.of()), 404, "rule_not_found");
        assertProblem(award("daily_login", "usr_nobody", "s", Map.of()), 404, "user_not_found");
        assertProblem(award("engagement_completed", user, "s", Map.of()), 400, "value_required");
        assertProblem(award("engagement_completed", user, "s", Map.of("value", 19)), 400, "award_too_small");
        assertProblem(award("engagement_completed", user, "s", Map.of("value", Long.MAX_VALUE)), 400, "value_too_large");
        assertProblem(award("content_created", user, "s", Map.of("amount", 500)), 400, "amount_out_of_range");
        assertProblem(award("daily_login", user, "s", Map.of("amount", 500)), 400, "amount_not_allowed");
        assertProblem(award("daily_login", user, "", Map.of()), 400, "missing_source");
        assertProblem(admin().post("/v1/rewards/rules", Map.of("id", "two_ways", "description", "x", "amount", 1,
                "percent_bps", 100)), 400, "invalid_rule_amount");
        assertProblem(admin().post("/v1/rewards/rules", Map.of("id", "Bad Id", "description", "x", "amount", 1)), 400,
                "invalid_rule_id");
        assertProblem(admin().post("/v1/rewards/rules", Map.of("id", "negative", "description", "x", "amount", -5)), 400,
                "invalid_rule_amount");
        assertThat(balance(user)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reward_awards WHERE user_id = ?", Long.class, user)).isZero();
    }

    @Test
    void aRatingEarnsItsAuthorAndAFiveStarRatingItsSeller() throws Exception {
        Marketplace market = new Marketplace(api, admin(), jdbc);
        Api.Client seller = market.seller();
        String sellerId = seller.get("/v1/users/me").id();
        String listing = market.publishCourse(seller, market.category(), 10_00);
        String buyerId = fixtures.user();
        Api.Client buyer = api.as(fixtures.keyFor(buyerId));
        Api.Response order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", listing))));
        assertThat(buyer.post("/v1/orders/" + order.id() + "/pay", Map.of("payment_method", "tok_visa")).status())
                .isEqualTo(200);

        Api.Response review = buyer.post("/v1/listings/" + listing + "/reviews",
                Map.of("stars", 5, "text", "Clear, well paced and worth every cent."));
        assertThat(review.status()).as(review.body().toString()).isEqualTo(201);

        assertThat(Eventually.holds(() -> balance(buyerId) == 10 && balance(sellerId) == 100))
                .as("rating_given to the buyer, rating_received_5_star to the seller").isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reward_awards WHERE source = ?", Long.class,
                "review:" + review.id())).isEqualTo(2);
    }

    @Test
    void spendingBurnsTheTokensGrantsTheBenefitAndNeverOverdraws() throws Exception {
        String user = fixtures.user();
        Api.Client member = api.as(fixtures.keyFor(user));
        String rule = "grant_" + UUID.randomUUID().toString().substring(0, 8);
        admin().post("/v1/rewards/rules", Map.of("id", rule, "description", "Test grant", "amount", 350));
        award(rule, user, "grant-1", Map.of());
        long burnedBefore = systemBalance("rewards.burned");

        Api.Response bought = member.post("/v1/rewards/spend", Map.of("item", "featured_listing"));
        assertThat(bought.status()).as(bought.body().toString()).isEqualTo(201);
        assertThat(bought.id()).startsWith("rsp_");
        assertThat(bought.number("price")).isEqualTo(300);
        assertThat(bought.number("balance")).isEqualTo(50);
        assertThat(bought.text("disposal")).isEqualTo("burn");
        assertThat(java.time.Duration.between(java.time.Instant.parse(bought.text("spent_at")),
                java.time.Instant.parse(bought.text("expires_at")))).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(systemBalance("rewards.burned") - burnedBefore).as("burned, out of circulation").isEqualTo(300);
        assertThat(member.get("/v1/rewards/benefits").body().path("data").findValuesAsString("item_id"))
                .containsExactly("featured_listing");
        Api.Response history = member.get("/v1/rewards/history");
        assertThat(history.body().path("data").get(0).path("type").asString()).isEqualTo("spend");
        assertThat(history.body().path("data").get(0).path("amount").asLong()).isEqualTo(-300);

        assertProblem(member.post("/v1/rewards/spend", Map.of("item", "premium_match")), 422, "insufficient_tokens");
        assertProblem(member.post("/v1/rewards/spend", Map.of("item", "no_such_item")), 404, "item_not_found");
        assertThat(balance(user)).isEqualTo(50);

        String racer = fixtures.user();
        award(rule, racer, "grant-1", Map.of());
        Api.Client racing = api.as(fixtures.keyFor(racer));
        List<Api.Response> raced = race(10, n -> racing.post("/v1/rewards/spend", Map.of("item", "premium_match")));
        assertThat(raced.stream().filter(r -> r.status() == 201)).as("350 tokens buy 3 premium matches of 100").hasSize(3);
        assertThat(raced.stream().filter(r -> r.status() != 201)).allSatisfy(r -> assertProblem(r, 422, "insufficient_tokens"));
        assertThat(balance(racer)).isEqualTo(50);
        assertThat(racing.get("/v1/rewards/benefits").body().path("data").findValues("expires_at").stream()
                .map(v -> java.time.Instant.parse(v.asString())).distinct()).as("each purchase extends the last").hasSize(3);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void operatorsPriceTheCatalog() {
        String item = "badge_" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = admin().post("/v1/rewards/catalog", Map.of("id", item, "description", "A badge",
                "price", 40, "disposal", "treasury"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().path("duration_seconds").isNull()).as(created.body().toString()).isTrue();
        String user = fixtures.user();
        String rule = "grant_" + UUID.randomUUID().toString().substring(0, 8);
        admin().post("/v1/rewards/rules", Map.of("id", rule, "description", "Test grant", "amount", 100));
        award(rule, user, "g", Map.of());
        long treasuryBefore = systemBalance("rewards.treasury");
        Api.Response bought = api.as(fixtures.keyFor(user)).post("/v1/rewards/spend", Map.of("item", item));
        assertThat(bought.status()).isEqualTo(201);
        assertThat(bought.body().path("expires_at").isNull()).as(bought.body().toString()).isTrue();
        assertThat(systemBalance("rewards.treasury") - treasuryBefore).as("returned to the treasury").isEqualTo(40);

        assertThat(admin().post("/v1/rewards/catalog", Map.of("id", item, "description", "A badge", "price", 40,
                "active", false)).status()).isEqualTo(200);
        assertProblem(api.as(fixtures.keyFor(user)).post("/v1/rewards/spend", Map.of("item", item)), 409, "item_inactive");
        assertProblem(api.as(fixtures.keyFor(user)).post("/v1/rewards/catalog", Map.of("id", "free_stuff",
                "description", "x", "price", 1)), 403, "forbidden");
        assertProblem(admin().post("/v1/rewards/catalog", Map.of("id", "zero", "description", "x", "price", 0)), 400,
                "invalid_price");
        assertProblem(admin().post("/v1/rewards/catalog", Map.of("id", "odd", "description", "x", "price", 5,
                "disposal", "shred")), 400, "invalid_disposal");
        assertThat(api.as(fixtures.keyFor(user)).get("/v1/rewards/catalog").body().path("data").findValuesAsString("id"))
                .contains("premium_match", "rush_match", "profile_boost", "verified_badge", "featured_listing",
                        "premium_analytics", item);
    }

    @Test
    void theEconomyAddsUpToTheLedgerAndWarnsAboveTheInflationTarget() throws Exception {
        String window = "?from=" + clock.instant().minus(java.time.Duration.ofDays(30)) + "&to=" + clock.instant().plusSeconds(60);
        Api.Response before = admin().get("/v1/rewards/economy" + window);
        assertThat(before.status()).as(before.body().toString()).isEqualTo(200);
        String user = fixtures.user();
        String rule = "econ_" + UUID.randomUUID().toString().substring(0, 8);
        admin().post("/v1/rewards/rules", Map.of("id", rule, "description", "Economy", "amount", 400));
        award(rule, user, "e1", Map.of());
        assertThat(api.as(fixtures.keyFor(user)).post("/v1/rewards/spend", Map.of("item", "premium_match")).status())
                .isEqualTo(201);

        Api.Response after = admin().get("/v1/rewards/economy" + window);
        assertThat(after.number("issued") - before.number("issued")).isEqualTo(400);
        assertThat(after.number("burned") - before.number("burned")).isEqualTo(100);
        assertThat(after.number("circulating") - before.number("circulating")).isEqualTo(300);
        assertThat(after.number("circulating")).as("circulation is the wallets' ledger balance")
                .isEqualTo(systemBalance("rewards.wallet"));
        assertThat(after.number("holders")).isEqualTo(jdbc.queryForObject("""
                SELECT count(*) FROM (SELECT a.id FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id
                WHERE a.purpose = 'rewards.wallet' AND a.asset = 'POT' GROUP BY a.id HAVING sum(b.posted) > 0) w""", Long.class));
        assertThat(after.body().path("by_rule").findValuesAsString("rule_id")).contains(rule);
        assertThat(after.body().path("by_item").findValuesAsString("item_id")).contains("premium_match");
        assertThat(after.body().path("days")).isNotEmpty();

        Api.Response recent = admin().get("/v1/rewards/economy?from=" + clock.instant().minusSeconds(5) + "&to="
                + clock.instant().plusSeconds(60));
        assertThat(recent.body().path("net_inflation").asDouble()).as("a burst annualised").isGreaterThan(0.10);
        assertThat(recent.body().path("over_target").asBoolean()).isTrue();
        assertThat(Prometheus.has("http://127.0.0.1:" + port, ADMIN_KEY, "rewards_net_inflation_over_target", null)).isTrue();

        java.net.http.HttpResponse<String> csv = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/rewards/economy" + window))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Accept", "text/csv").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).startsWith("day,issued,burned,returned_to_treasury,awards,spends");
        assertThat(csv.body().lines().count()).as("a row per day with activity").isEqualTo(1 + after.body().path("days").size());
        assertProblem(api.as(fixtures.keyFor(user)).get("/v1/rewards/economy"), 403, "forbidden");
        assertProblem(admin().get("/v1/rewards/economy?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z"), 400,
                "invalid_range");
    }

    private long systemBalance(String purpose) {
        Long balance = jdbc.queryForObject("""
                SELECT coalesce(sum(b.posted), 0) FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id
                WHERE a.purpose = ? AND a.asset = 'POT'""", Long.class, purpose);
        return balance == null ? 0 : balance;
    }

    private Api.Response award(String rule, String user, String source, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("rule", rule);
        body.put("user_id", user);
        body.put("source", source);
        return admin().post("/v1/rewards/awards", body);
    }

    private long balance(String user) {
        Api.Response response = admin().get("/v1/rewards/balance?user_id=" + user);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.number("balance");
    }

    interface Call {
        Api.Response call(int n);
    }

    /** Makes {@code calls} calls at once on as many threads; the responses in call order. */
    static List<Api.Response> race(int calls, Call call) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(calls)) {
            List<Callable<Api.Response>> tasks = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                tasks.add(() -> call.call(n));
            }
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> f : pool.invokeAll(tasks)) {
                responses.add(f.get());
            }
            return responses;
        }
    }
}
