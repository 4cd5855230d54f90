package dev.mercato.billing;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.credits.Credits;
import dev.mercato.ledger.LedgerVerification;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Consume falls back to prepaid credits: {@code ai_verifications} (Free: 10 a month) costs 10
 * credits a unit once the quota is spent, so a new user's 50 signup credits buy 5 more units — and
 * not one more, however many callers race. Each test ends with the ledger verifying clean.
 */
class UsageCreditsTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Credits credits;
    @Autowired
    LedgerVerification verification;

    String userId;
    Api.Client user;

    @BeforeEach
    void setUp() {
        HttpFixtures fixtures = new HttpFixtures(api, admin());
        userId = fixtures.user();
        user = api.as(fixtures.keyFor(userId));
        assertThat(Eventually.holds(() -> credits.balance(userId).total() == 50)).as("signup credits").isTrue();
    }

    @AfterEach
    void ledgerIsClean() {
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void theQuotaFirstThenCreditsThenARefusalWithTheBalanceAndTheUpgradeHint() {
        for (int i = 1; i <= 10; i++) {
            Api.Response r = user.post("/v1/usage/consume", Map.of("feature", "ai_verifications"));
            assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
            assertThat(r.text("consumed_from")).isEqualTo("quota");
            assertThat(r.number("used")).isEqualTo(i);
        }
        for (int i = 1; i <= 5; i++) {
            Api.Response r = user.post("/v1/usage/consume", Map.of("feature", "ai_verifications"));
            assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
            assertThat(r.text("consumed_from")).isEqualTo("credits");
            assertThat(r.number("credits_drawn")).isEqualTo(10);
            assertThat(r.text("credit_draw_id")).startsWith("cdr_");
            assertThat(r.number("used")).as("credits leave the counter at the quota").isEqualTo(10);
            assertThat(credits.balance(userId).total()).isEqualTo(50 - 10L * i);
        }
        Api.Response refused = user.post("/v1/usage/consume", Map.of("feature", "ai_verifications"));
        assertProblem(refused, 402, "quota_exceeded");
        assertThat(refused.number("credit_balance")).isZero();
        assertThat(refused.number("credit_price")).isEqualTo(10);
        assertThat(refused.text("upgrade_plan_id")).isEqualTo("plan_pro");
        assertThat(refused.text("detail")).contains("credits").contains("Upgrade to Pro");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM credit_draws WHERE user_id = ?", Long.class, userId))
                .isEqualTo(5);
    }

    @Test
    void aHundredParallelConsumesAgainstTenUnitsOfQuotaAndFiveOfCreditsSucceedExactlyFifteenTimes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Api.Response> responses;
        try {
            List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> user.post("/v1/usage/consume",
                        Map.of("feature", "ai_verifications")), pool));
            }
            responses = calls.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }
        assertThat(responses.stream().filter(r -> r.status() == 402).count()).isEqualTo(85);
        assertThat(responses.stream().filter(r -> r.status() == 200 && "quota".equals(r.text("consumed_from"))).count())
                .isEqualTo(10);
        assertThat(responses.stream().filter(r -> r.status() == 200 && "credits".equals(r.text("consumed_from"))).count())
                .isEqualTo(5);
        assertThat(credits.balance(userId).total()).isZero();
        assertThat(jdbc.queryForObject("SELECT sum(used) FROM billing_usage WHERE user_id = ? AND feature = 'ai_verifications'",
                Long.class, userId)).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT coalesce(sum(units), 0) FROM credit_draws WHERE user_id = ?", Long.class,
                userId)).isEqualTo(50);
    }

    @Test
    void aConsumeIdMakesARetryAnswerTheFirstOutcomeFromTheQuotaOrFromCredits() {
        Api.Response first = user.post("/v1/usage/consume", Map.of("id", "job-1", "feature", "ai_verifications"));
        Api.Response retry = user.post("/v1/usage/consume", Map.of("id", "job-1", "feature", "ai_verifications"));
        assertThat(first.number("used")).isEqualTo(1);
        assertThat(retry.status()).as(retry.body().toString()).isEqualTo(200);
        assertThat(retry.body().path("replayed").asBoolean()).isTrue();
        assertThat(retry.text("consumed_from")).isEqualTo("quota");
        assertThat(retry.number("used")).as("nothing consumed again").isEqualTo(1);
        assertProblem(user.post("/v1/usage/consume", Map.of("id", "job-1", "feature", "ai_verifications", "quantity", 2)),
                422, "consume_id_reused");

        assertThat(user.post("/v1/usage/consume", Map.of("feature", "ai_verifications", "quantity", 9)).status())
                .isEqualTo(200);
        Api.Response paid = user.post("/v1/usage/consume", Map.of("id", "job-2", "feature", "ai_verifications",
                "quantity", 2));
        assertThat(paid.text("consumed_from")).isEqualTo("credits");
        assertThat(paid.number("credits_drawn")).isEqualTo(20);
        Api.Response paidAgain = user.post("/v1/usage/consume", Map.of("id", "job-2", "feature", "ai_verifications",
                "quantity", 2));
        assertThat(paidAgain.body().path("replayed").asBoolean()).isTrue();
        assertThat(paidAgain.text("credit_draw_id")).isEqualTo(paid.text("credit_draw_id"));
        assertThat(credits.balance(userId).total()).as("one draw of 20").isEqualTo(30);
        assertProblem(user.post("/v1/usage/consume", Map.of("id", "bad id!", "feature", "ai_verifications")), 400,
                "invalid_id");
    }

    @Test
    void aFeatureWithoutACreditPriceIsRefusedWhenItsQuotaIsSpentAndKeepsTheCredits() {
        assertThat(user.post("/v1/usage/consume", Map.of("feature", "workflow_runs")).status()).isEqualTo(200);
        Api.Response refused = user.post("/v1/usage/consume", Map.of("feature", "workflow_runs"));
        assertProblem(refused, 402, "quota_exceeded");
        assertThat(refused.body().has("credit_balance")).isFalse();
        assertThat(credits.balance(userId).total()).isEqualTo(50);
    }
}
