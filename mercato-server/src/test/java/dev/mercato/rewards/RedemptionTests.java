package dev.mercato.rewards;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.LedgerVerification;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Redemptions (cash, credits, a feature, a voucher), lot expiry and benefits reaching billing's
 * entitlements, over the API against real PostgreSQL; each scenario ends with the ledger verifying
 * clean and, where tokens moved, the wallets' ledger balances equal to their lots.
 */
class RedemptionTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    LedgerVerification verification;
    @Autowired
    MercatoClock clock;
    @Autowired
    TokenExpiry expiry;

    HttpFixtures fixtures;
    String rule;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        rule = "grant_" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin().post("/v1/rewards/rules", Map.of("id", rule, "description", "Test grant", "min_amount", 1,
                "max_amount", 100_000)).status()).isEqualTo(201);
    }

    @Test
    void cashPaysEightyCentsATokenThroughPayoutsWithTheFeeAsItsOwnEntry() {
        String user = fixtures.user();
        Api.Client member = api.as(fixtures.keyFor(user));
        assertThat(member.post("/v1/payout-accounts", Map.of()).status()).isIn(200, 201);
        award(user, 300, null);
        long feesBefore = money("rewards.redemption_fees");

        Api.Response cash = member.post("/v1/rewards/redemptions", Map.of("type", "cash", "tokens", 250));

        assertThat(cash.status()).as(cash.body().toString()).isEqualTo(201);
        assertThat(cash.id()).startsWith("rdm_");
        assertThat(cash.number("face_value")).isEqualTo(25_000);
        assertThat(cash.number("fee")).as("20 % of $250.00").isEqualTo(5_000);
        assertThat(cash.number("cash")).as("$0.80 a token").isEqualTo(20_000);
        assertThat(cash.number("balance")).isEqualTo(50);
        assertThat(money("rewards.redemption_fees") - feesBefore).as("the fee is its own ledger entry").isEqualTo(5_000);
        Map<String, Long> legs = legs(cash.text("transaction_id"));
        assertThat(legs).containsEntry("rewards.wallet/POT", -250L).containsEntry("rewards.redeemed/POT", 250L)
                .containsEntry("rewards.funding/USD", -25_000L).containsEntry("rewards.redemption_fees/USD", 5_000L)
                .containsEntry("seller.earnings.available/USD", 20_000L);
        String payout = cash.text("payout_id");
        assertThat(payout).as("paid out through payouts").startsWith("po_");
        Api.Response paid = member.get("/v1/payouts/" + payout);
        assertThat(paid.text("status")).as(paid.body().toString()).isEqualTo("paid");
        assertThat(paid.number("amount")).isEqualTo(20_000);

        Api.Response history = member.get("/v1/rewards/history");
        assertThat(history.body().path("data").get(0).path("type").asString()).isEqualTo("redeem");
        assertThat(history.body().path("data").get(0).path("amount").asLong()).isEqualTo(-250);
        Api.Response mine = member.get("/v1/rewards/redemptions");
        assertThat(mine.body().path("data").findValuesAsString("id")).containsExactly(cash.id());
        assertThat(mine.body().path("data").get(0).path("payout_id").asString()).isEqualTo(payout);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_events WHERE resource_type = 'redemption' "
                + "AND resource_id = ?", Long.class, cash.id())).isEqualTo(1);
        assertThat(Eventually.holds(() -> webhookEventFor("rewards.redeemed", "redemption_id", cash.id())))
                .as("platforms hear of it").isTrue();
        assertLotsMatchTheLedger(user);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void refusesBadRedemptionsAndChangesNothing() {
        String user = fixtures.user();
        Api.Client member = api.as(fixtures.keyFor(user));
        award(user, 300, null);

        assertProblem(member.post("/v1/rewards/redemptions", Map.of("type", "cash", "tokens", 200)), 422,
                "payout_account_missing");
        member.post("/v1/payout-accounts", Map.of());
        assertProblem(member.post("/v1/rewards/redemptions", Map.of("type", "cash", "tokens", 50)), 422, "below_minimum");
        assertProblem(member.post("/v1/rewards/redemptions", Map.of("type", "cash", "tokens", 1000)), 422,
                "insufficient_tokens");
        assertProblem(member.post("/v1/rewards/redemptions", Map.of("type", "cash", "tokens", 0)), 400, "invalid_tokens");
        assertProblem(member.post("/v1/rewards/redemptions", Map.of("type", "gold", "tokens", 200)), 400,
                "invalid_redemption_type");
        assertProblem(member.post("/v1/rewards/redemptions", Map.of("tokens", 200)), 400, "missing_type");
        assertProblem(member.post("/v1/rewards/redemptions", Map.of("type", "feature", "feature", "sso", "days", 1)), 404,
                "feature_not_redeemable");
        assertProblem(member.post("/v1/rewards/redemptions", Map.of("type", "feature", "feature", "advanced_analytics",
                "days", 0)), 400, "invalid_days");
        assertProblem(member.post("/v1/rewards/redemptions", Map.of("type", "feature", "feature", "advanced_analytics",
                "days", 31)), 422, "insufficient_tokens");

        jdbc.update("UPDATE payout_accounts SET payouts_enabled = false WHERE seller_id = ?", user);
        jdbc.update("UPDATE simulated_accounts SET payouts_enabled = false WHERE id = (SELECT processor_account_id "
                + "FROM payout_accounts WHERE seller_id = ?)", user);
        assertProblem(member.post("/v1/rewards/redemptions", Map.of("type", "cash", "tokens", 200)), 422,
                "payout_account_not_ready");

        assertThat(balance(user)).isEqualTo(300);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reward_redemptions WHERE user_id = ?", Long.class, user))
                .isZero();
        assertLotsMatchTheLedger(user);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void creditsAreGrantedInTheRedemptionsOneLedgerTransaction() {
        String user = fixtures.user();
        Api.Client member = api.as(fixtures.keyFor(user));
        award(user, 20, null);
        // the signup grant (50) arrives by event; counted before, it cannot land inside the measurement
        assertThat(Eventually.holds(() -> member.get("/v1/credits/balance").number("total") >= 50)).isTrue();
        long creditsBefore = member.get("/v1/credits/balance").number("total");

        Api.Response redeemed = member.post("/v1/rewards/redemptions", Map.of("type", "credits", "tokens", 5));

        assertThat(redeemed.status()).as(redeemed.body().toString()).isEqualTo(201);
        assertThat(redeemed.number("credits")).as("80 credits a token").isEqualTo(400);
        assertThat(redeemed.text("credit_lot_id")).startsWith("clot_");
        assertThat(member.get("/v1/credits/balance").number("total") - creditsBefore).isEqualTo(400);
        assertThat(legs(redeemed.text("transaction_id"))).containsEntry("rewards.wallet/POT", -5L)
                .containsEntry("rewards.redeemed/POT", 5L).containsEntry("credits.free/CREDIT", 400L);
        assertThat(jdbc.queryForObject("SELECT type FROM ledger_transactions WHERE id = ?", String.class,
                redeemed.text("transaction_id"))).isEqualTo("rewards.redeem");
        assertThat(balance(user)).isEqualTo(15);
        assertLotsMatchTheLedger(user);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aFeatureIsGrantedThroughEntitlementsUntilItsEndAndARedemptionExtendsIt() {
        String user = fixtures.user();
        Api.Client member = api.as(fixtures.keyFor(user));
        award(user, 100, null);
        assertThat(check(member, "advanced_analytics")).as("not on the Free plan").isFalse();

        Api.Response first = member.post("/v1/rewards/redemptions", Map.of("type", "feature", "feature",
                "advanced_analytics", "days", 3));
        assertThat(first.status()).as(first.body().toString()).isEqualTo(201);
        assertThat(first.number("tokens")).as("10 tokens a day").isEqualTo(30);
        assertThat(check(member, "advanced_analytics")).isTrue();
        Api.Response second = member.post("/v1/rewards/redemptions", Map.of("type", "feature", "feature",
                "advanced_analytics", "days", 2));
        Instant end = Instant.parse(second.text("feature_expires_at"));
        assertThat(end).as("extended from the first one's end")
                .isEqualTo(Instant.parse(first.text("feature_expires_at")).plus(Duration.ofDays(2)));
        assertThat(balance(user)).isEqualTo(50);

        clock.advance(Duration.between(clock.instant(), end).plusSeconds(1));
        assertThat(check(member, "advanced_analytics")).as("over at its end").isFalse();
        assertLotsMatchTheLedger(user);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aBoughtBenefitIsAnEntitlementUntilItExpires() {
        String user = fixtures.user();
        Api.Client member = api.as(fixtures.keyFor(user));
        award(user, 300, null);

        Api.Response bought = member.post("/v1/rewards/spend", Map.of("item", "featured_listing"));
        assertThat(bought.status()).as(bought.body().toString()).isEqualTo(201);
        Api.Response allowed = member.post("/v1/entitlements/check", Map.of("feature", "featured_listing"));
        assertThat(allowed.status()).as(allowed.body().toString()).isEqualTo(200);
        assertThat(allowed.body().path("allowed").asBoolean()).isTrue();

        clock.advance(Duration.ofDays(7).plusSeconds(1));
        Api.Response over = member.post("/v1/entitlements/check", Map.of("feature", "featured_listing"));
        assertThat(over.status()).as("a lapsed benefit answers, not 404").isEqualTo(200);
        assertThat(over.body().path("allowed").asBoolean()).isFalse();
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aVoucherCodeIsUniqueListedAndUsedOnce() {
        String user = fixtures.user();
        Api.Client member = api.as(fixtures.keyFor(user));
        award(user, 1000, null);

        Api.Response one = member.post("/v1/rewards/redemptions", Map.of("type", "voucher"));
        Api.Response two = member.post("/v1/rewards/redemptions", Map.of("type", "voucher"));
        assertThat(one.status()).as(one.body().toString()).isEqualTo(201);
        assertThat(one.number("tokens")).isEqualTo(500);
        String code = one.text("voucher_code");
        assertThat(code).matches("RWD(-[2-9A-Z]{4}){3}").isNotEqualTo(two.text("voucher_code"));
        assertProblem(member.post("/v1/rewards/redemptions", Map.of("type", "voucher")), 422, "insufficient_tokens");

        Api.Response listed = member.get("/v1/rewards/vouchers");
        assertThat(listed.body().path("data").findValuesAsString("code")).containsExactlyInAnyOrder(code,
                two.text("voucher_code"));
        assertThat(member.get("/v1/rewards/vouchers/" + code).body().path("value").asLong()).isEqualTo(500);
        assertProblem(api.as(fixtures.keyFor(fixtures.user())).get("/v1/rewards/vouchers/" + code), 404, "voucher_not_found");
        assertProblem(member.post("/v1/rewards/vouchers/" + code + "/use", Map.of()), 403, "forbidden");

        Api.Response used = admin().post("/v1/rewards/vouchers/" + code + "/use", Map.of("reference", "ord_123"));
        assertThat(used.status()).as(used.body().toString()).isEqualTo(200);
        assertThat(used.text("status")).isEqualTo("used");
        assertThat(used.text("used_reference")).isEqualTo("ord_123");
        assertProblem(admin().post("/v1/rewards/vouchers/" + code + "/use", Map.of()), 409, "voucher_already_used");
        assertProblem(admin().post("/v1/rewards/vouchers/RWD-NONE-NONE-NONE/use", Map.of()), 404, "voucher_not_found");
        assertThat(member.get("/v1/rewards/vouchers?status=used").body().path("data").findValuesAsString("code"))
                .containsExactly(code);
        assertThat(admin().get("/v1/rewards/vouchers?user_id=" + user + "&status=issued").body().path("data")
                .findValuesAsString("code")).containsExactly(two.text("voucher_code"));
        assertLotsMatchTheLedger(user);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void parallelRedemptionsNeverTakeMoreThanTheBalance() throws Exception {
        String user = fixtures.user();
        Api.Client member = api.as(fixtures.keyFor(user));
        member.post("/v1/payout-accounts", Map.of());
        award(user, 600, null);
        award(user, 450, null);

        List<Api.Response> raced = RewardsTests.race(12, n -> member.post("/v1/rewards/redemptions",
                n % 2 == 0 ? Map.of("type", "cash", "tokens", 100) : Map.of("type", "credits", "tokens", 100)));

        assertThat(raced.stream().filter(r -> r.status() == 201)).as("1,050 tokens cover ten redemptions of 100").hasSize(10);
        assertThat(raced.stream().filter(r -> r.status() != 201)).allSatisfy(r -> assertProblem(r, 422, "insufficient_tokens"));
        assertThat(balance(user)).isEqualTo(50);
        assertLotsMatchTheLedger(user);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void expiredTokensLeaveTheBalanceSpendingAndTheBoardsAndARebuildAgrees() {
        String expiring = "expiring_" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin().post("/v1/rewards/rules", Map.of("id", expiring, "description", "Lasts a day", "amount", 300,
                "expires_after_days", 1)).body().path("expires_after_days").asInt()).isEqualTo(1);
        String user = fixtures.user();
        Api.Client member = api.as(fixtures.keyFor(user));
        assertThat(admin().post("/v1/rewards/awards", Map.of("rule", expiring, "user_id", user, "source", "a")).status())
                .isEqualTo(201);
        award(user, 200, null);
        Api.Response later = award(user, 50, clock.instant().plus(Duration.ofDays(3650)));
        assertThat(later.text("expires_at")).isNotNull();
        assertProblem(admin().post("/v1/rewards/awards", Map.of("rule", rule, "user_id", user, "source", "past",
                "amount", 5, "expires_at", clock.instant().minusSeconds(1).toString())), 400, "invalid_expires_at");
        assertThat(member.get("/v1/rewards/balance").body().path("next_expiry_tokens").asLong()).isEqualTo(300);

        assertThat(member.post("/v1/rewards/spend", Map.of("item", "premium_match")).status()).isEqualTo(201);
        assertThat(lotRemaining(user, expiring)).as("taken from the soonest-expiring lot first").isEqualTo(200);
        assertThat(balance(user)).isEqualTo(450);

        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(balance(user)).as("expired at read time, before the job").isEqualTo(250);
        assertProblem(member.post("/v1/rewards/spend", Map.of("item", "featured_listing")), 422, "insufficient_tokens");
        assertThat(board(user)).as("the boards change with the job").isEqualTo(550);

        assertThat(expiry.expireDue()).isGreaterThanOrEqualTo(200);
        assertThat(wallet(user)).as("the ledger caught up").isEqualTo(250);
        Api.Response history = member.get("/v1/rewards/history");
        assertThat(history.body().path("data").get(0).path("type").asString()).isEqualTo("expire");
        assertThat(history.body().path("data").get(0).path("amount").asLong()).isEqualTo(-200);
        assertThat(board(user)).as("earned less expired").isEqualTo(350);
        String lot = jdbc.queryForObject("SELECT id FROM reward_awards WHERE user_id = ? AND rule_id = ?", String.class,
                user, expiring);
        assertThat(Eventually.holds(() -> webhookEventFor("rewards.expired", "award_id", lot))).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reward_board WHERE user_id = ?", Long.class, user))
                .isEqualTo(4);
        List<Map<String, Object>> before = boardRows(user);
        admin().post("/v1/admin/leaderboards/rebuild", Map.of());
        assertThat(boardRows(user)).as("a rebuild from the ledger gives the same rows").isEqualTo(before);

        Api.Response economy = admin().get("/v1/rewards/economy?from=" + clock.instant().minus(Duration.ofDays(3))
                + "&to=" + clock.instant());
        assertThat(economy.number("expired")).isGreaterThanOrEqualTo(200);
        assertThat(economy.number("circulating")).as("circulation is the wallets' ledger balance after the job")
                .isEqualTo(jdbc.queryForObject("""
                        SELECT coalesce(sum(b.posted), 0) FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id
                        WHERE a.purpose = 'rewards.wallet' AND a.asset = 'POT'""", Long.class));
        assertLotsMatchTheLedger(user);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aWalletMovementThatIsNoneOfTheFourShowsAsAnAdjustmentAndBuysNothing() {
        String user = fixtures.user();
        Api.Client member = api.as(fixtures.keyFor(user));
        award(user, 10, null);
        String wallet = jdbc.queryForObject("SELECT id FROM ledger_accounts WHERE owner_id = ? AND purpose = 'rewards.wallet'",
                String.class, user);
        fixtures.fund(wallet, 500, "POT");

        Api.Response history = member.get("/v1/rewards/history");
        assertThat(history.body().path("data").findValuesAsString("type")).containsExactly("adjust", "earn");
        assertThat(balance(user)).as("tokens outside any lot are not spendable").isEqualTo(10);
        assertProblem(member.post("/v1/rewards/spend", Map.of("item", "premium_match")), 422, "insufficient_tokens");

        // taken back out, so the other tests' sums of every wallet still equal the lots
        Api.Response back = admin().post("/v1/ledger/transactions", HttpFixtures.transfer("withdrawal", wallet,
                fixtures.world("POT"), 500));
        assertThat(back.status()).as(back.body().toString()).isEqualTo(201);
        assertLotsMatchTheLedger(user);
        assertThat(verification.verify().violations()).isEmpty();
    }

    private boolean webhookEventFor(String type, String field, String value) {
        for (tools.jackson.databind.JsonNode event : admin().get("/v1/events?type=" + type + "&limit=100").body()
                .path("data")) {
            if (value.equals(event.path("data").path(field).asString())) {
                return true;
            }
        }
        return false;
    }

    private long lotRemaining(String user, String ruleId) {
        return jdbc.queryForObject("SELECT remaining FROM reward_awards WHERE user_id = ? AND rule_id = ?", Long.class, user,
                ruleId);
    }

    private long board(String user) {
        return jdbc.queryForObject("SELECT earned FROM reward_board WHERE user_id = ? AND period_key = 'all'", Long.class,
                user);
    }

    private List<Map<String, Object>> boardRows(String user) {
        return jdbc.queryForList("SELECT period_key, earned, reached_at FROM reward_board WHERE user_id = ? "
                + "ORDER BY period_key", user);
    }

    private boolean check(Api.Client member, String feature) {
        Api.Response check = member.post("/v1/entitlements/check", Map.of("feature", feature));
        assertThat(check.status()).as(check.body().toString()).isEqualTo(200);
        return check.body().path("allowed").asBoolean();
    }

    /** The wallet's ledger balance equals what is left of its lots (the expiry job has run for any past expiry). */
    private void assertLotsMatchTheLedger(String user) {
        expiry.expireDue();
        assertThat(wallet(user)).isEqualTo(jdbc.queryForObject(
                "SELECT coalesce(sum(remaining), 0) FROM reward_awards WHERE user_id = ?", Long.class, user));
    }

    private long wallet(String user) {
        return jdbc.queryForObject("""
                SELECT coalesce(sum(b.posted), 0) FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id
                WHERE a.purpose = 'rewards.wallet' AND a.owner_id = ?""", Long.class, user);
    }

    private long money(String purpose) {
        return jdbc.queryForObject("""
                SELECT coalesce(sum(b.posted), 0) FROM ledger_balances b JOIN ledger_accounts a ON a.id = b.account_id
                WHERE a.purpose = ? AND a.asset = 'USD'""", Long.class, purpose);
    }

    /** A ledger transaction's postings summed by account purpose and asset. */
    private Map<String, Long> legs(String transactionId) {
        Map<String, Long> legs = new java.util.HashMap<>();
        jdbc.queryForList("""
                SELECT a.purpose || '/' || p.asset AS leg, sum(p.amount) AS amount FROM ledger_postings p
                JOIN ledger_accounts a ON a.id = p.account_id WHERE p.transaction_id = ? GROUP BY 1""", transactionId)
                .forEach(row -> legs.put((String) row.get("leg"), ((Number) row.get("amount")).longValue()));
        return legs;
    }

    private Api.Response award(String user, long amount, Instant expiresAt) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("rule", rule, "user_id", user, "source",
                "src-" + UUID.randomUUID(), "amount", amount));
        if (expiresAt != null) {
            body.put("expires_at", expiresAt.toString());
        }
        Api.Response awarded = admin().post("/v1/rewards/awards", body);
        assertThat(awarded.status()).as(awarded.body().toString()).isEqualTo(201);
        return awarded;
    }

    private long balance(String user) {
        Api.Response response = admin().get("/v1/rewards/balance?user_id=" + user);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.number("balance");
    }
}
