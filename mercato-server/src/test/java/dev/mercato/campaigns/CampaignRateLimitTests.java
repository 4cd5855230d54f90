package dev.mercato.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.Instances;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The paid-responses platform's rate limits at their shipped defaults (application.yml, PRODUCT.md):
 * campaign creation 5 an hour, task acceptance 30 a minute, response submission 10 a minute,
 * verification 20 a minute, each per user (the periods are the shipped ones; the limits are set
 * back to the shipped values on the command line, because the suite's test settings raise every
 * limit). The requests need not succeed: a request counts when it arrives.
 */
class CampaignRateLimitTests {

    static final String ADMIN_KEY = "mk_campaign_rate_limit_admin_0123456789";
    static ConfigurableApplicationContext instance;
    static Api api;
    static HttpFixtures fixtures;

    @BeforeAll
    static void start() {
        // the suite's test settings raise every limit; this instance puts the shipped ones back
        instance = Instances.start("--mercato.bootstrap-admin-key=" + ADMIN_KEY,
                "--mercato.rate-limits.classes.campaigns.limit=5", "--mercato.rate-limits.classes.tasks.limit=30",
                "--mercato.rate-limits.classes.responses.limit=10", "--mercato.rate-limits.classes.verification.limit=20");
        api = Instances.api(instance);
        fixtures = new HttpFixtures(api, api.as(ADMIN_KEY));
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void campaignCreationIsLimitedToFiveAnHour() {
        assertLimited("campaigns", 5, user -> user.post("/v1/campaigns", Map.of()));
    }

    @Test
    void taskAcceptanceIsLimitedToThirtyAMinute() {
        assertLimited("tasks", 30, user -> user.post("/v1/campaigns/cmp_missing/tasks", Map.of()));
    }

    @Test
    void responseSubmissionIsLimitedToTenAMinute() {
        assertLimited("responses", 10, user -> user.post("/v1/tasks/tsk_missing/submission", Map.of("text", "x")));
    }

    @Test
    void verificationIsLimitedToTwentyAMinute() {
        assertLimited("verification", 20, user -> user.post("/v1/verification/score", Map.of()));
    }

    private void assertLimited(String endpointClass, int limit, java.util.function.Function<Api.Client, Api.Response> call) {
        Api.Client user = api.as(fixtures.keyFor(fixtures.user()));
        for (int i = 0; i < limit; i++) {
            Api.Response allowed = call.apply(user);
            assertThat(allowed.status()).as("request %d of %d: %s", i + 1, limit, allowed.body()).isNotEqualTo(429);
            assertThat(allowed.raw().headers().firstValue("RateLimit-Limit")).contains(Integer.toString(limit));
        }
        Api.Response refused = call.apply(user);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("rate_limited");
        assertThat(refused.text("endpoint_class")).isEqualTo(endpointClass);

        Api.Client other = api.as(fixtures.keyFor(fixtures.user()));
        assertThat(call.apply(other).status()).as("another user has a limit of their own").isNotEqualTo(429);
    }
}
