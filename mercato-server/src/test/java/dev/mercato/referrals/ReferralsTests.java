package dev.mercato.referrals;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.credits.Credits;
import dev.mercato.ledger.LedgerVerification;
import dev.mercato.orders.OrderPaid;
import dev.mercato.platform.MercatoClock;
import dev.mercato.rewards.Rewards;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Referrals against real PostgreSQL over the public API: both qualification modes, every fraud
 * control, vesting on the test clock, claw-back before and after vesting, the monthly cap, repeated
 * and raced claims and a qualification event delivered twice — each followed by the ledger verifying
 * clean and every user's vesting accounts equal to the rewards held for them.
 */
class ReferralsTests extends IntegrationTest {

    @Autowired
    ReferralPayments payments;
    @Autowired
    ReferralEvents referralEvents;
    @Autowired
    Rewards rewards;
    @Autowired
    Credits credits;
    @Autowired
    LedgerVerification verification;
    @Autowired
    MercatoClock clock;
    @Autowired
    JdbcTemplate jdbc;

    HttpFixtures fixtures;
    Marketplace market;
    final List<String> usersSeen = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        market = new Marketplace(api, admin(), jdbc);
        program(Map.of());
    }

    @AfterEach
    void ledgerIsCleanAndVestingAccountsMatchTheHeldRewards() {
        assertThat(verification.verify().violations()).isEmpty();
        for (String user : usersSeen) {
            for (String asset : List.of(rewards.asset(), "CREDIT")) {
                // one statement, one snapshot: the vesting job may pay a referral meanwhile
                List<Long> heldAndLedger = jdbc.queryForObject("""
                        SELECT (SELECT coalesce(sum(amount), 0) FROM referral_rewards
                                WHERE user_id = ? AND asset = ? AND status = 'held'),
                               (SELECT coalesce(sum(b.posted), 0) FROM ledger_accounts a JOIN ledger_balances b
                                  ON b.account_id = a.id
                                WHERE a.owner_id = ? AND a.purpose = 'referrals.vesting' AND a.asset = ?)""",
                        (rs, n) -> List.of(rs.getLong(1), rs.getLong(2)), user, asset, user, asset);
                assertThat(heldAndLedger.get(1)).as(user + " " + asset + " held").isEqualTo(heldAndLedger.get(0));
            }
        }
    }

    @Test
    void aVerifiedSignupQualifiesAtTheClaimAndBothSidesArePaidWhenTheHoldEnds() {
        String referrer = user("prov-" + UUID.randomUUID() + "@example.com", true);
        String referred = user("new-" + UUID.randomUUID() + "@example.com", false);
        JsonNode me = as(referrer, "198.51.100.1", "device-a").get("/v1/referrals/me").body();
        String code = me.path("code").asString();
        assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{8}");
        assertThat(me.path("link").asString()).endsWith(code).startsWith("http");
        assertThat(as(referrer, null, null).get("/v1/referrals/me").body().path("code").asString()).isEqualTo(code);

        Api.Response claimed = as(referred, "203.0.113.9", "device-b").post("/v1/referrals/claim", Map.of("code", code.toLowerCase()));
        assertThat(claimed.status()).as(claimed.body().toString()).isEqualTo(201);
        assertThat(claimed.text("status")).isEqualTo("vesting");
        assertThat(claimed.text("referrer_id")).isEqualTo(referrer);
        assertThat(Instant.parse(claimed.text("vests_at"))).isEqualTo(Instant.parse(claimed.text("qualified_at")).plus(Duration.ofDays(14)));
        String referral = claimed.id();
        Map<String, Long> held = amounts(claimed.body(), "amount");
        // the provider referrer earns the rule's provider amount, the referred seeker the seeker amount
        assertThat(held).isEqualTo(Map.of("referrer/tokens", 500L, "referrer/credits", 20L, "referred/tokens", 250L,
                "referred/credits", 20L));
        assertThat(rewards.balance(referrer)).isZero();
        assertThat(referralCredits(referred)).isZero();
        JsonNode vesting = as(referrer, null, null).get("/v1/referrals/me").body();
        assertThat(vesting.path("stats").path("by_status").path("vesting").asLong()).isOne();
        assertThat(vesting.path("vesting").toString()).contains("\"amount\":500").contains("\"amount\":20");

        clock.advance(Duration.ofDays(13));
        payments.releaseDue();
        assertThat(status(referral)).isEqualTo("vesting");
        clock.advance(Duration.ofDays(1));
        assertThat(admin().get("/v1/admin/jobs?limit=100").body().toString()).contains("referrals.release-vested");
        payments.releaseDue();

        JsonNode paid = referral(referral);
        assertThat(paid.path("status").asString()).isEqualTo("rewarded");
        assertThat(amounts(paid, "paid")).isEqualTo(held);
        assertThat(rewards.balance(referrer)).isEqualTo(500);
        assertThat(rewards.balance(referred)).isEqualTo(250);
        assertThat(referralCredits(referrer)).isEqualTo(20);
        assertThat(referralCredits(referred)).isEqualTo(20);
        payments.releaseDue();
        assertThat(rewards.balance(referrer)).as("paid once").isEqualTo(500);

        JsonNode stats = as(referrer, null, null).get("/v1/referrals/me").body().path("stats");
        assertThat(stats.path("claimed").asLong()).isOne();
        assertThat(stats.path("by_status").path("rewarded").asLong()).isOne();
        assertThat(stats.path("rewards").toString()).contains("\"kind\":\"tokens\"").contains("\"paid\":500");
        assertThat(Eventually.holds(() -> webhookEvent("referral.qualified", referral))).isTrue();
        assertThat(Eventually.holds(() -> webhookEvent("referral.rewarded", referral))).isTrue();
    }

    @Test
    void aFirstPurchaseQualifiesOnceEvenWhenTheEventIsDeliveredTwiceAtTheSameTime() throws Exception {
        program(Map.of("qualify_on", "first_purchase", "vesting_days", 0, "referrer_tokens", false));
        String referrer = user(null, false);
        String referred = user(null, false);
        String code = codeOf(referrer, "198.51.100.2", "device-c");
        Api.Response claimed = as(referred, "203.0.113.10", "device-d").post("/v1/referrals/claim", Map.of("code", code));
        assertThat(claimed.text("status")).isEqualTo("pending");
        assertThat(claimed.body().path("rewards")).isEmpty();

        String order = buy(referred, 30_00);
        assertThat(Eventually.holds(() -> "rewarded".equals(status(claimed.id())))).isTrue();
        JsonNode paid = referral(claimed.id());
        assertThat(paid.path("order_id").asString()).isEqualTo(order);
        assertThat(amounts(paid, "paid")).isEqualTo(Map.of("referrer/credits", 20L, "referred/tokens", 250L,
                "referred/credits", 20L));

        // the outbox delivers the same OrderPaid again, twice at once: nothing more is paid
        OrderPaid again = new OrderPaid(order, referred, "USD", 30_00, List.of(), List.of(), clock.instant(), List.of());
        race(2, () -> {
            referralEvents.on(again);
            return null;
        });
        assertThat(rewards.balance(referred)).isEqualTo(250);
        assertThat(referralCredits(referred)).isEqualTo(20);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM referral_rewards WHERE referral_id = ?", Long.class,
                claimed.id())).isEqualTo(3);
        // a second purchase qualifies nothing more
        buy(referred, 10_00);
        assertThat(referralCredits(referrer)).isEqualTo(20);
    }

    @Test
    void theSameNormalisedEmailIsASelfReferralWithPlusAddressingAndGmailDots() {
        String stem = "ann" + UUID.randomUUID().toString().substring(0, 8);
        String referrer = user(stem + ".lee@gmail.com", false);
        String code = codeOf(referrer, "198.51.100.3", null);

        String gmail = user(stem.toUpperCase() + "lee+promo@googlemail.com", false);
        Api.Response dots = as(gmail, "203.0.113.11", null).post("/v1/referrals/claim", Map.of("code", code));
        assertThat(dots.status()).isEqualTo(201);
        assertThat(dots.text("status")).isEqualTo("rejected");
        assertThat(dots.text("rejection_reason")).isEqualTo("same_email");
        assertThat(dots.body().path("rewards")).isEmpty();

        String other = user(stem + "@example.com", false);
        String otherCode = codeOf(other, "198.51.100.4", null);
        String plus = user(stem + "+second@Example.com", false);
        assertThat(as(plus, "203.0.113.12", null).post("/v1/referrals/claim", Map.of("code", otherCode))
                .text("rejection_reason")).isEqualTo("same_email");
        // dots count outside Gmail: a.b@example.com is not ab@example.com
        String dotted = user(stem.charAt(0) + "." + stem.substring(1) + "@example.com", false);
        assertThat(as(dotted, "203.0.113.13", null).post("/v1/referrals/claim", Map.of("code", otherCode))
                .text("status")).isEqualTo("vesting");

        JsonNode stats = as(other, null, null).get("/v1/referrals/me").body().path("stats");
        assertThat(stats.path("by_status").path("rejected").asLong()).isOne();
        assertThat(stats.path("rejections").path("same_email").asLong()).isOne();
    }

    @Test
    void anAddressTheReferrerUsedWithinTheWindowIsASelfReferralAndAnOlderOneIsNot() {
        program(Map.of("match_window_days", 30));
        String referrer = user(null, false);
        String code = codeOf(referrer, "198.51.100.50", "device-e");

        String sameIp = user(null, false);
        Api.Response rejected = as(sameIp, "198.51.100.50", "device-f").post("/v1/referrals/claim", Map.of("code", code));
        assertThat(rejected.text("rejection_reason")).isEqualTo("same_ip");

        // with their own keys both call from this machine's address: the connection's address counts
        String userKeyReferrer = user(null, false);
        assertThat(api.as(fixtures.keyFor(userKeyReferrer)).get("/v1/referrals/me").status()).isEqualTo(200);
        String userKeyReferred = user(null, false);
        String otherCode = codeOf(userKeyReferrer, null, null);
        assertThat(api.as(fixtures.keyFor(userKeyReferred)).post("/v1/referrals/claim", Map.of("code", otherCode))
                .text("rejection_reason")).isEqualTo("same_ip");

        String old = user(null, false);
        String oldCode = codeOf(old, "198.51.100.51", "device-g");
        clock.advance(Duration.ofDays(31));
        String later = user(null, false);
        assertThat(as(later, "198.51.100.51", "device-h").post("/v1/referrals/claim", Map.of("code", oldCode))
                .text("status")).isEqualTo("vesting");
    }

    @Test
    void aDeviceTheReferrerUsedIsASelfReferral() {
        String referrer = user(null, false);
        String code = codeOf(referrer, "198.51.100.60", "shared-phone");
        String referred = user(null, false);
        Api.Response claimed = as(referred, "203.0.113.60", "shared-phone").post("/v1/referrals/claim", Map.of("code", code));
        assertThat(claimed.text("status")).isEqualTo("rejected");
        assertThat(claimed.text("rejection_reason")).isEqualTo("same_device");
        assertThat(Eventually.holds(() -> admin().get("/v1/referrals/stats").body().path("rejections").path("same_device")
                .asLong() >= 1)).isTrue();
    }

    @Test
    void ownUnknownAndMissingCodesAndAccountsTooOldAreRefusedWithClearErrors() {
        String referrer = user(null, false);
        String code = codeOf(referrer, "198.51.100.70", null);
        assertProblem(as(referrer, "203.0.113.70", null).post("/v1/referrals/claim", Map.of("code", code)), 422,
                "own_referral_code");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM referrals WHERE referred_id = ?", Long.class, referrer)).isZero();

        String referred = user(null, false);
        assertProblem(as(referred, "203.0.113.71", null).post("/v1/referrals/claim", Map.of("code", "ZZZZZZZZ")), 404,
                "referral_code_not_found");
        assertProblem(as(referred, "203.0.113.71", null).post("/v1/referrals/claim", Map.of("code", "no such code!")), 404,
                "referral_code_not_found");
        assertProblem(as(referred, "203.0.113.71", null).post("/v1/referrals/claim", Map.of()), 400, "missing_code");
        assertProblem(admin().post("/v1/referrals/claim", Map.of("code", code)), 403, "forbidden");
        assertProblem(as(referred, "not an address", null).post("/v1/referrals/claim", Map.of("code", code)), 400,
                "invalid_client_ip");

        String old = user(null, false);
        clock.advance(Duration.ofDays(8));
        assertProblem(as(old, "203.0.113.72", null).post("/v1/referrals/claim", Map.of("code", code)), 422,
                "account_too_old");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM referrals WHERE referrer_id = ?", Long.class, referrer)).isZero();
    }

    @Test
    void aCodeClaimedTwiceMakesOneReferralAndAnotherCodeIsRefused() {
        String referrer = user(null, false);
        String code = codeOf(referrer, "198.51.100.80", null);
        String referred = user(null, false);
        Api.Response first = as(referred, "203.0.113.80", null).post("/v1/referrals/claim", Map.of("code", code));
        assertThat(first.status()).isEqualTo(201);
        Api.Response again = as(referred, "203.0.113.80", null).post("/v1/referrals/claim", Map.of("code", code));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.id()).isEqualTo(first.id());

        String otherCode = codeOf(user(null, false), "198.51.100.81", null);
        Api.Response other = as(referred, "203.0.113.80", null).post("/v1/referrals/claim", Map.of("code", otherCode));
        assertProblem(other, 409, "already_referred");
        assertThat(other.body().path("referral_id").asString()).isEqualTo(first.id());
        assertThat(as(referred, null, null).get("/v1/referrals/me").body().path("referred").path("id").asString())
                .isEqualTo(first.id());
    }

    @Test
    void theSameClaimRacedMakesOneReferralAndHoldsItsRewardsOnce() throws Exception {
        String referrer = user(null, false);
        String code = codeOf(referrer, "198.51.100.90", null);
        String referred = user(null, false);
        Api.Client client = as(referred, "203.0.113.90", "device-i");
        List<Api.Response> responses = race(8, () -> client.post("/v1/referrals/claim", Map.of("code", code)));

        assertThat(responses).extracting(Api.Response::status).containsOnly(200, 201);
        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).extracting(Api.Response::id).containsOnly(responses.getFirst().id());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM referral_rewards WHERE referral_id = ?", Long.class,
                responses.getFirst().id())).isEqualTo(4);
    }

    @Test
    void theMonthlyCapRejectsQualifyingReferralsBeyondItUntilTheNextMonth() {
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        Instant nextMonth = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        if (Duration.between(now, nextMonth).compareTo(Duration.ofHours(1)) < 0) {
            clock.advance(Duration.ofHours(2)); // not across a month's end while the test runs
        }
        program(Map.of("monthly_cap", 2));
        String referrer = user(null, false);
        String code = codeOf(referrer, "198.51.100.100", null);
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(as(user(null, false), "203.0.113." + (100 + i), null).post("/v1/referrals/claim",
                    Map.of("code", code)).text("status"));
        }
        assertThat(statuses).containsExactly("vesting", "vesting", "rejected");
        JsonNode stats = as(referrer, null, null).get("/v1/referrals/me").body().path("stats");
        assertThat(stats.path("rejections").path("monthly_cap_reached").asLong()).isOne();

        Instant after = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).plusMonths(1).atDay(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        clock.advance(Duration.between(clock.instant(), after).plusMinutes(1));
        assertThat(as(user(null, false), "203.0.113.110", null).post("/v1/referrals/claim", Map.of("code", code))
                .text("status")).isEqualTo("vesting");
    }

    @Test
    void aRefundBeforeTheRewardsVestCancelsTheHoldAndNothingIsEverPaid() {
        program(Map.of("qualify_on", "first_purchase", "vesting_days", 14));
        String referrer = user(null, false);
        String referred = user(null, false);
        String code = codeOf(referrer, "198.51.100.120", null);
        String referral = as(referred, "203.0.113.120", null).post("/v1/referrals/claim", Map.of("code", code)).id();
        String order = buy(referred, 40_00);
        assertThat(Eventually.holds(() -> "vesting".equals(status(referral)))).isTrue();
        assertThat(held(referrer, rewards.asset())).isEqualTo(250);

        assertThat(admin().post("/v1/refunds", Map.of("order_id", order, "amount", 40_00)).status()).isEqualTo(201);
        assertThat(Eventually.holds(() -> "clawed_back".equals(status(referral)))).isTrue();
        JsonNode clawed = referral(referral);
        assertThat(clawed.path("rewards")).allSatisfy(r -> assertThat(r.path("status").asString()).isEqualTo("cancelled"));
        assertThat(held(referrer, rewards.asset())).isZero();
        assertThat(held(referred, "CREDIT")).isZero();

        clock.advance(Duration.ofDays(15));
        payments.releaseDue();
        assertThat(rewards.balance(referrer)).isZero();
        assertThat(referralCredits(referred)).isZero();
        assertThat(Eventually.holds(() -> webhookEvent("referral.clawed_back", referral))).isTrue();
        assertThat(admin().get("/v1/referrals/stats").body().path("by_status").path("clawed_back").asLong()).isPositive();
    }

    @Test
    void aRefundAfterTheRewardsVestTakesBackWhatIsLeftAndRecordsWhatWasSpent() throws Exception {
        program(Map.of("qualify_on", "first_purchase", "vesting_days", 1, "referrer_credits", 0, "referred_tokens", false));
        String referrer = user(null, false);
        String referred = user(null, false);
        String code = codeOf(referrer, "198.51.100.130", null);
        String referral = as(referred, "203.0.113.130", null).post("/v1/referrals/claim", Map.of("code", code)).id();
        String order = buy(referred, 25_00);
        assertThat(Eventually.holds(() -> "vesting".equals(status(referral)))).isTrue();
        clock.advance(Duration.ofDays(1));
        payments.releaseDue();
        assertThat(status(referral)).isEqualTo("rewarded");
        assertThat(rewards.balance(referrer)).isEqualTo(250);

        // the referrer spends 200 of their 250 tokens; the referred user spends all but 5 of their credits
        Api.Client referrerClient = api.as(fixtures.keyFor(referrer));
        assertThat(referrerClient.post("/v1/rewards/spend", Map.of("item", "rush_match")).status()).isEqualTo(201);
        assertThat(Eventually.holds(() -> credits.balance(referred).total() == 70)).as("signup 50 + referral 20").isTrue();
        credits.draw(referred, 65, "work-" + UUID.randomUUID());

        assertThat(admin().post("/v1/refunds", Map.of("order_id", order, "amount", 25_00)).status()).isEqualTo(201);
        assertThat(Eventually.holds(() -> "clawed_back".equals(status(referral)))).isTrue();
        Map<String, Long> clawed = amounts(referral(referral), "clawed_back");
        Map<String, Long> unrecovered = amounts(referral(referral), "unrecovered");
        assertThat(clawed).isEqualTo(Map.of("referrer/tokens", 50L, "referred/credits", 5L));
        assertThat(unrecovered).isEqualTo(Map.of("referrer/tokens", 200L, "referred/credits", 15L));
        assertThat(rewards.balance(referrer)).isZero();
        assertThat(credits.balance(referred).total()).isZero();
        JsonNode history = referrerClient.get("/v1/rewards/history?limit=1").body().path("data").get(0);
        assertThat(history.path("type").asString()).isEqualTo("adjust");
        assertThat(history.path("amount").asLong()).isEqualTo(-50);

        assertThat(admin().get("/v1/rewards/economy").number("circulating")).as("the economy counts the take-back out")
                .isEqualTo(jdbc.queryForObject("""
                        SELECT coalesce(sum(b.posted), 0) FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id
                        WHERE a.purpose = 'rewards.wallet' AND a.asset = ?""", Long.class, rewards.asset()));

        // the refund event delivered again takes nothing more
        payments.orderRefunded(order);
        assertThat(amounts(referral(referral), "clawed_back")).isEqualTo(clawed);
        JsonNode totals = admin().get("/v1/referrals/stats").body().path("rewards");
        assertThat(totals.toString()).contains("\"unrecovered\"");
    }

    @Test
    void aPaymentTheRewardsModuleRefusesPaysNothingKeepsTheHoldAndIsPaidOnALaterRun() {
        program(Map.of("vesting_days", 1));
        String referrer = user(null, false);
        String code = codeOf(referrer, "198.51.100.140", null);
        String referral = as(user(null, false), "203.0.113.140", null).post("/v1/referrals/claim", Map.of("code", code)).id();
        Map<String, Object> rule = new LinkedHashMap<>(Map.of("id", "referral",
                "description", "A referred user qualifies (250 for a seeker, 500 for a provider)", "amount", 250,
                "provider_amount", 500));
        try {
            rule.put("active", false);
            assertThat(admin().post("/v1/rewards/rules", rule).status()).isEqualTo(200);
            clock.advance(Duration.ofDays(1));
            assertThat(payments.releaseDue()).isZero();

            assertThat(status(referral)).isEqualTo("qualified");
            assertThat(referral(referral).path("last_error").asString()).startsWith("rule_inactive");
            assertThat(referralCredits(referrer)).as("all or nothing: the credits wait too").isZero();
            assertThat(held(referrer, rewards.asset())).isEqualTo(250);
        } finally {
            rule.put("active", true);
            assertThat(admin().post("/v1/rewards/rules", rule).status()).isEqualTo(200);
        }
        payments.releaseDue(); // or the job's next run, whichever comes first: the referral is paid once
        JsonNode paid = referral(referral);
        assertThat(paid.path("status").asString()).isEqualTo("rewarded");
        assertThat(paid.path("last_error").isNull()).isTrue();
        assertThat(rewards.balance(referrer)).isEqualTo(250);
        assertThat(referralCredits(referrer)).isEqualTo(20);
        assertThat(held(referrer, rewards.asset())).isZero();
    }

    @Test
    void theProgramIsAnOperatorsAndTheStatisticsTooWithBadInputRefused() {
        Api.Client user = api.as(fixtures.keyFor(user(null, false)));
        assertProblem(user.put("/v1/referrals/program", Map.of("vesting_days", 1)), 403, "forbidden");
        assertProblem(user.get("/v1/referrals/stats"), 403, "forbidden");
        assertProblem(admin().put("/v1/referrals/program", Map.of("qualify_on", "first_login")), 400, "invalid_qualify_on");
        assertProblem(admin().put("/v1/referrals/program", Map.of("vesting_days", -1)), 400, "invalid_days");
        assertProblem(admin().put("/v1/referrals/program", Map.of("referrer_credits", -5)), 400, "invalid_credits");
        assertThat(user.get("/v1/referrals/program").body().path("qualify_on").asString()).isEqualTo("verified_signup");

        JsonNode stats = admin().get("/v1/referrals/stats").body();
        assertThat(stats.path("by_status").has("pending")).isTrue();
        assertThat(stats.path("top_referrers").isArray()).isTrue();
    }

    // helpers

    /** Saves the test program: the defaults below with {@code changes} over them. */
    private void program(Map<String, Object> changes) {
        Map<String, Object> program = new LinkedHashMap<>(Map.of("qualify_on", "verified_signup", "referrer_credits", 20,
                "referred_credits", 20, "referrer_tokens", true, "referred_tokens", true, "vesting_days", 14,
                "monthly_cap", 0, "match_window_days", 30, "claim_window_days", 7));
        program.putAll(changes);
        Api.Response saved = admin().put("/v1/referrals/program", program);
        assertThat(saved.status()).as(saved.body().toString()).isEqualTo(200);
    }

    private String user(String email, boolean provider) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Referral test " + UUID.randomUUID()));
        if (email != null) {
            body.put("email", email);
        }
        if (provider) {
            body.put("metadata", Map.of("provider", "true"));
        }
        Api.Response created = admin().post("/v1/users", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        usersSeen.add(created.id());
        return created.id();
    }

    /** The platform's backend calling on behalf of the user, naming the user's address and device. */
    private Api.Client as(String user, String ip, String device) {
        Api.Client client = admin().onBehalfOf(user);
        if (ip != null) {
            client = client.header("X-Client-IP", ip);
        }
        return device == null ? client : client.header("X-Device-Fingerprint", device);
    }

    private String codeOf(String user, String ip, String device) {
        Api.Response me = as(user, ip, device).get("/v1/referrals/me");
        assertThat(me.status()).as(me.body().toString()).isEqualTo(200);
        return me.text("code");
    }

    private String buy(String buyer, long price) {
        Api.Client seller = market.seller();
        String course = market.publishCourse(seller, market.category(), price);
        Api.Client client = api.as(fixtures.keyFor(buyer));
        String order = client.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();
        assertThat(client.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")).text("status"))
                .isEqualTo("paid");
        return order;
    }

    /** The referral as its referred user sees it in {@code GET /v1/referrals/me}. */
    private JsonNode referral(String id) {
        String referred = jdbc.queryForObject("SELECT referred_id FROM referrals WHERE id = ?", String.class, id);
        return as(referred, null, null).get("/v1/referrals/me").body().path("referred");
    }

    private String status(String id) {
        return jdbc.queryForObject("SELECT status FROM referrals WHERE id = ?", String.class, id);
    }

    /** A referral view's rewards as {@code side/kind} → the given field. */
    private static Map<String, Long> amounts(JsonNode referral, String field) {
        Map<String, Long> amounts = new HashMap<>();
        referral.path("rewards").forEach(r -> amounts.put(r.path("side").asString() + "/" + r.path("kind").asString(),
                r.path(field).asLong()));
        return amounts;
    }

    private long referralCredits(String user) {
        return jdbc.queryForObject("SELECT coalesce(sum(amount), 0) FROM credit_lots WHERE user_id = ? AND reason LIKE 'referral %'",
                Long.class, user);
    }

    private long held(String user, String asset) {
        return jdbc.queryForObject("""
                SELECT coalesce(sum(b.posted), 0) FROM ledger_accounts a JOIN ledger_balances b ON b.account_id = a.id
                WHERE a.owner_id = ? AND a.purpose = 'referrals.vesting' AND a.asset = ?""", Long.class, user, asset);
    }

    private boolean webhookEvent(String type, String referral) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_events WHERE type = ? AND object_id = ?",
                Long.class, type, referral) > 0;
    }

    private static <T> List<T> race(int threads, Callable<T> call) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }
}
