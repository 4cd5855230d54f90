package dev.mercato.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which class a request falls in, and how configuration changes the built-in classes. */
class EndpointClassesTests {

    @Test
    void theBuiltInClassesCoverTheProductsEndpointsAndEverythingElseIsDefault() {
        EndpointClasses classes = new EndpointClasses(bind(Map.of()));

        assertThat(classOf(classes, "POST", "/v1/tasks/tsk_1/submission")).isEqualTo("responses");
        assertThat(classOf(classes, "POST", "/v1/campaigns")).isEqualTo("campaigns");
        assertThat(classOf(classes, "POST", "/v1/verification/score")).isEqualTo("verification");
        assertThat(classOf(classes, "POST", "/v1/campaigns/cmp_1/tasks")).isEqualTo("tasks");
        assertThat(classOf(classes, "POST", "/v1/payout-accounts")).isEqualTo("onboarding");
        assertThat(classOf(classes, "GET", "/v1/campaigns")).isEqualTo("default");
        assertThat(classOf(classes, "GET", "/v1/payout-accounts/me")).isEqualTo("default");
        assertThat(classOf(classes, "GET", "/v1/listings/lst_1")).isEqualTo("default");
        assertThat(classes.classify(request("POST", "/v1/payout-accounts"))).isEqualTo(
                new Quota("onboarding", 5, Duration.ofHours(1)));
        assertThat(classes.perIp()).isEqualTo(new Quota("ip", 1000, Duration.ofMinutes(1)));
    }

    @Test
    void anEnvironmentVariableChangesOneFieldOfAClassAndKeepsItsEndpoints() {
        RateLimitProperties properties = bind(Map.of("MERCATO_RATELIMITS_CLASSES_RESPONSES_LIMIT", "25",
                "MERCATO_RATELIMITS_CLASSES_DEFAULT_PERIOD", "PT1H"));
        EndpointClasses classes = new EndpointClasses(properties);

        assertThat(classes.classify(request("POST", "/v1/tasks/tsk_1/submission")))
                .isEqualTo(new Quota("responses", 25, Duration.ofMinutes(1)));
        assertThat(classes.classify(request("GET", "/v1/users/me")))
                .isEqualTo(new Quota("default", 100, Duration.ofHours(1)));
    }

    @Test
    void anAddedClassAppliesToItsEndpointsForTheNamedMethodOnly() {
        RateLimitProperties properties = new RateLimitProperties(true,
                Map.of("search", new RateLimitProperties.EndpointClass(7L, Duration.ofSeconds(10), List.of("GET /v1/listings"))),
                List.of(), "", Duration.ofSeconds(1), 10);
        EndpointClasses classes = new EndpointClasses(properties);

        assertThat(classes.classify(request("GET", "/v1/listings"))).isEqualTo(new Quota("search", 7, Duration.ofSeconds(10)));
        assertThat(classOf(classes, "POST", "/v1/listings")).isEqualTo("default");
        assertThat(classOf(classes, "GET", "/v1/listings/lst_1")).isEqualTo("default");
    }

    @Test
    void healthMetricsAndTheApiDescriptionAreExemptByDefault() {
        EndpointClasses classes = new EndpointClasses(bind(Map.of()));

        assertThat(classes.exempt(request("GET", "/actuator/health"))).isTrue();
        assertThat(classes.exempt(request("GET", "/actuator/health/liveness"))).isTrue();
        assertThat(classes.exempt(request("GET", "/actuator/prometheus"))).isTrue();
        assertThat(classes.exempt(request("GET", "/v3/api-docs"))).isTrue();
        assertThat(classes.exempt(request("GET", "/v1/users/me"))).isFalse();
        assertThat(classes.exempt(request("GET", "/actuatorx"))).isFalse();
    }

    @Test
    void rememberedAnswersAreTheSameAsFreshOnesForEveryMethodAndPathAndPastTheCacheBound() {
        EndpointClasses classes = new EndpointClasses(bind(Map.of()));

        for (int round = 0; round < 2; round++) {
            assertThat(classOf(classes, "POST", "/v1/payout-accounts")).isEqualTo("onboarding");
            assertThat(classOf(classes, "GET", "/v1/payout-accounts")).isEqualTo("default");
            assertThat(classOf(classes, "POST", "/v1/campaigns")).isEqualTo("campaigns");
            assertThat(classes.exempt(request("GET", "/actuator/health"))).isTrue();
            assertThat(classes.exempt(request("GET", "/v1/campaigns"))).isFalse();
        }
        for (int i = 0; i < EndpointClasses.MAX_REMEMBERED_PATHS * 2; i++) {
            assertThat(classOf(classes, "POST", "/v1/tasks/tsk_" + i + "/submission")).isEqualTo("responses");
        }
        assertThat(classOf(classes, "POST", "/v1/tasks/tsk_1/submission")).isEqualTo("responses");
        assertThat(classOf(classes, "POST", "/v1/payout-accounts")).isEqualTo("onboarding");
        assertThat(classes.exempt(request("GET", "/actuator/prometheus"))).isTrue();
    }

    @Test
    void aContextPathIsNotPartOfTheEndpoint() {
        EndpointClasses classes = new EndpointClasses(bind(Map.of()));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/payout-accounts");
        request.setContextPath("/api");

        assertThat(classes.classify(request).name()).isEqualTo("onboarding");
    }

    @Test
    void refusesAClassWithoutAPositiveLimitAndPeriod() {
        assertThatThrownBy(() -> new RateLimitProperties(true,
                Map.of("broken", new RateLimitProperties.EndpointClass(0L, Duration.ofMinutes(1), List.of("/x"))),
                List.of(), "", Duration.ofSeconds(1), 10)).hasMessageContaining("broken");
        assertThatThrownBy(() -> new RateLimitProperties(true,
                Map.of("new", new RateLimitProperties.EndpointClass(null, Duration.ofMinutes(1), List.of("/x"))),
                List.of(), "", Duration.ofSeconds(1), 10)).hasMessageContaining("new");
    }

    @Test
    void thePolicyHeaderNamesTheLimitAndItsWindowInSeconds() {
        assertThat(new Quota("responses", 10, Duration.ofMinutes(1)).policy()).isEqualTo("10;w=60");
        assertThat(new Quota("campaigns", 5, Duration.ofHours(1)).policy()).isEqualTo("5;w=3600");
        assertThat(new Quota("campaigns", 5, Duration.ofHours(1)).describe()).isEqualTo("5 requests per hour");
    }

    private static RateLimitProperties bind(Map<String, Object> environment) {
        Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)));
        return binder.bindOrCreate("mercato.rate-limits", RateLimitProperties.class);
    }

    private static String classOf(EndpointClasses classes, String method, String path) {
        return classes.classify(request(method, path)).name();
    }

    private static MockHttpServletRequest request(String method, String path) {
        return new MockHttpServletRequest(method, path);
    }
}
