package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proration end to end: random sequences of plan changes at random seconds of a period, over HTTP
 * on the test clock, charge in total (card plus account credit, less credits given) what holding
 * each plan for exactly its seconds costs — within one minor unit per change — and the ledger
 * verifies clean afterwards.
 */
class ProrationSequenceTests extends BillingIntegrationTest {

    static final long ODD_PRICE = 12_34;
    static String oddPlan;

    @BeforeAll
    static void oddPlanCode() {
        oddPlan = "plan_odd-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void randomSequencesOfChangesChargeTheSecondBySecondPrice() {
        Map<String, Long> prices = Map.of("plan_free", 0L, "plan_pro", 9_99L, "plan_enterprise", 99_00L, oddPlan, ODD_PRICE);
        if (admin().get("/v1/plans/" + oddPlan).status() == 404) {
            assertThat(admin().post("/v1/plans", Map.of("code", oddPlan.substring("plan_".length()), "name", "Odd", "tier", 1,
                    "prices", List.of(Map.of("currency", "USD", "interval", "month", "amount", ODD_PRICE)),
                    "features", Map.of("seats", Map.of("type", "limit", "limit", 3)))).status()).isEqualTo(201);
        }
        List<String> plans = List.copyOf(prices.keySet().stream().sorted().toList());
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 4; round++) {
            String userId = fixtures.user();
            Api.Client user = api.as(fixtures.keyFor(userId));
            String current = "plan_pro";
            String sub = BillingFixtures.started(user, current, false);
            Api.Response started = user.get("/v1/subscriptions/" + sub);
            Instant start = Instant.parse(started.text("current_period_start"));
            Instant end = Instant.parse(started.text("current_period_end"));
            long period = Duration.between(start, end).toSeconds();
            int changes = 2 + random.nextInt(5);
            List<Map.Entry<String, Instant>> history = new java.util.ArrayList<>();
            for (int i = 0; i < changes; i++) {
                clock.advance(Duration.ofSeconds(1 + random.nextLong(period / (changes + 1))));
                String next;
                do {
                    next = plans.get(random.nextInt(plans.size()));
                } while (next.equals(current));
                Api.Response changed = BillingFixtures.change(user, sub, next);
                assertThat(changed.status()).as("seed " + seed + ": " + changed.body()).isEqualTo(200);
                // updated_at is the instant the change was priced at
                history.add(Map.entry(next, Instant.parse(changed.text("updated_at"))));
                current = next;
            }

            List<BillingFixtures.Charge> charges = billing.charges(sub);
            assertThat(charges).hasSizeLessThanOrEqualTo(changes + 1);
            BigInteger exact = BigInteger.ZERO;
            String held = "plan_pro";
            Instant since = start;
            for (Map.Entry<String, Instant> change : history) {
                Instant at = change.getValue();
                exact = exact.add(BigInteger.valueOf(prices.get(held)).multiply(BigInteger.valueOf(Duration.between(since, at).toSeconds())));
                held = change.getKey();
                since = at;
            }
            exact = exact.add(BigInteger.valueOf(prices.get(held)).multiply(BigInteger.valueOf(Duration.between(since, end).toSeconds())));
            long charged = charges.stream().mapToLong(BillingFixtures.Charge::amount).sum();
            BigInteger gap = BigInteger.valueOf(charged).multiply(BigInteger.valueOf(period)).subtract(exact).abs();
            assertThat(gap).as("seed %d: charged %d, exact %s/%d, %d changes", seed, charged, exact, period, changes)
                    .isLessThanOrEqualTo(BigInteger.valueOf(changes).multiply(BigInteger.valueOf(period)));

            long creditsGiven = -charges.stream().mapToLong(BillingFixtures.Charge::amount).filter(a -> a < 0).sum();
            long creditsUsed = charges.stream().mapToLong(BillingFixtures.Charge::creditApplied).sum();
            assertThat(billing.accountCredit(userId)).as("seed " + seed).isEqualTo(creditsGiven - creditsUsed);
        }
        assertThat(verification.verify().violations()).isEmpty();
    }
}
