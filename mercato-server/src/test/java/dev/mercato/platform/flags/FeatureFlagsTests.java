package dev.mercato.platform.flags;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.FeatureFlags;
import dev.mercato.platform.FlagContext;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Feature flags over HTTP on the shared instance (environment {@code development}): operators
 * define flags, users read theirs evaluated at {@code GET /v1/flags}, and a change applies on this
 * instance as soon as it is answered.
 */
class FeatureFlagsTests extends IntegrationTest {

    @Autowired
    FeatureFlags featureFlags;

    HttpFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new HttpFixtures(api, admin());
    }

    @Test
    void aBooleanFlagFollowsTheDefaultOfTheEnvironmentItRunsIn() {
        String onInDevelopment = create(Map.of("type", "boolean", "default_variant", "off",
                "environment_defaults", Map.of("development", "on", "staging", "on")));
        String onInProductionOnly = create(Map.of("type", "boolean", "environment_defaults", Map.of("production", "on")));

        Api.Response mine = fixtures.newUserClient().get("/v1/flags");

        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.text("object")).isEqualTo("flag_evaluations");
        assertThat(mine.text("environment")).isEqualTo("development");
        assertThat(evaluation(mine, onInDevelopment)).isEqualTo(Map.of("value", "true", "variant", "on", "reason", "STATIC"));
        assertThat(evaluation(mine, onInProductionOnly)).isEqualTo(Map.of("value", "false", "variant", "off", "reason", "STATIC"));
    }

    @Test
    void usersListedByIdGetTheTargetedVariantAndOthersTheDefault() {
        String ada = fixtures.user();
        String bo = fixtures.user();
        String key = create(Map.of("type", "boolean",
                "rules", List.of(Map.of("user_ids", List.of(ada), "variant", "on"))));

        assertThat(evaluation(api.as(fixtures.keyFor(ada)).get("/v1/flags"), key))
                .isEqualTo(Map.of("value", "true", "variant", "on", "reason", "TARGETING_MATCH"));
        assertThat(evaluation(api.as(fixtures.keyFor(bo)).get("/v1/flags"), key))
                .isEqualTo(Map.of("value", "false", "variant", "off", "reason", "DEFAULT"));
        assertThat(featureFlags.isOn(key, new FlagContext(ada, "user"))).isTrue();
        assertThat(featureFlags.isOn(key, new FlagContext(bo, "user"))).isFalse();
    }

    @Test
    void aRoleRuleMatchesTheCallersRoleAndAnAdminActingForAUserSeesTheUsersFlags() {
        String user = fixtures.user();
        String key = create(Map.of("type", "variant",
                "variants", List.of(Map.of("key", "basic", "value", "basic-console"), Map.of("key", "pro", "value", "pro-console")),
                "rules", List.of(Map.of("roles", List.of("admin"), "variant", "pro"))));

        assertThat(evaluation(admin().get("/v1/flags"), key))
                .isEqualTo(Map.of("value", "pro-console", "variant", "pro", "reason", "TARGETING_MATCH"));
        assertThat(evaluation(admin().onBehalfOf(user).get("/v1/flags"), key))
                .isEqualTo(Map.of("value", "basic-console", "variant", "basic", "reason", "DEFAULT"));
        assertThat(featureFlags.variant(key, new FlagContext(user, "admin"))).isEqualTo("pro");
    }

    @Test
    void aRolloutIsStickyAndRaisingItOnlyAddsUsers() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            users.add(fixtures.user());
        }
        String key = create(Map.of("type", "boolean", "rollout", List.of(Map.of("variant", "on", "percentage", 20))));

        Set<String> inAt20 = usersWith(key, users, "on");
        assertThat(usersWith(key, users, "on")).as("the same users, asked again").isEqualTo(inAt20);
        patch(key, Map.of("rollout", List.of(Map.of("variant", "on", "percentage", 50))));
        Set<String> inAt50 = usersWith(key, users, "on");

        assertThat(inAt50).containsAll(inAt20);
        assertThat(inAt50.size()).isBetween(inAt20.size(), 40).isGreaterThan(5).isLessThan(35);
        String someoneIn = inAt50.iterator().next();
        assertThat(evaluation(admin().onBehalfOf(someoneIn).get("/v1/flags"), key).get("reason")).isEqualTo("SPLIT");
    }

    @Test
    void variantWeightsSplitUsersBetweenVariants() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            users.add(fixtures.user());
        }
        String key = create(Map.of("type", "variant",
                "variants", List.of(Map.of("key", "control", "value", "blue"), Map.of("key", "treatment", "value", "green")),
                "rollout", List.of(Map.of("variant", "treatment", "percentage", 50), Map.of("variant", "control", "percentage", 50))));

        Set<String> treated = usersWith(key, users, "treatment");
        Set<String> control = usersWith(key, users, "control");

        assertThat(treated.size() + control.size()).isEqualTo(40);
        assertThat(treated.size()).isBetween(8, 32);
    }

    @Test
    void killingAFlagTurnsItOffAtOnceAndPatchingItBackTurnsItOn() {
        String user = fixtures.user();
        String key = create(Map.of("type", "boolean", "default_variant", "on"));
        assertThat(featureFlags.isOn(key, new FlagContext(user, "user"))).isTrue();

        Api.Response killed = admin().post("/v1/admin/flags/" + key + "/kill", Map.of());

        assertThat(killed.status()).isEqualTo(200);
        assertThat(killed.body().path("enabled").asBoolean()).isFalse();
        assertThat(evaluation(admin().onBehalfOf(user).get("/v1/flags"), key))
                .isEqualTo(Map.of("value", "false", "variant", "off", "reason", "DISABLED"));
        assertThat(featureFlags.isOn(key, new FlagContext(user, "user"))).isFalse();

        patch(key, Map.of("enabled", true));
        assertThat(featureFlags.isOn(key, new FlagContext(user, "user"))).isTrue();
    }

    @Test
    void theGlobalKillSwitchGivesEveryFlagItsOffVariantUntilReleased() {
        String key = create(Map.of("type", "variant", "default_variant", "fancy", "off_variant", "plain",
                "variants", List.of(Map.of("key", "plain", "value", "p"), Map.of("key", "fancy", "value", "f"))));
        FlagContext someone = new FlagContext("usr_someone", "user");
        try {
            Api.Response engaged = admin().post("/v1/admin/flag-kill-switch", Map.of("engaged", true));

            assertThat(engaged.status()).isEqualTo(200);
            assertThat(engaged.body().path("engaged").asBoolean()).isTrue();
            assertThat(admin().get("/v1/admin/flag-kill-switch").body().path("engaged").asBoolean()).isTrue();
            assertThat(featureFlags.evaluate(key, someone).variant()).isEqualTo("plain");
            assertThat(evaluation(fixtures.newUserClient().get("/v1/flags"), key).get("reason")).isEqualTo("DISABLED");
        } finally {
            admin().post("/v1/admin/flag-kill-switch", Map.of("engaged", false));
        }
        assertThat(featureFlags.evaluate(key, someone).variant()).isEqualTo("fancy");
    }

    @Test
    void operatorsCreateReadListChangeAndDeleteFlags() {
        String key = key();
        Map<String, Object> definition = new LinkedHashMap<>(Map.of("key", key, "type", "boolean", "description", "New search",
                "environment_defaults", Map.of("staging", "on"),
                "rules", List.of(Map.of("user_ids", List.of("usr_b", "usr_a"), "roles", List.of("admin"), "variant", "on")),
                "rollout", List.of(Map.of("variant", "on", "percentage", 12.5))));
        Api.Response created = admin().post("/v1/admin/flags", definition);

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.text("object")).isEqualTo("feature_flag");
        assertThat(created.body().path("variants").toString())
                .isEqualTo("[{\"key\":\"on\",\"value\":true},{\"key\":\"off\",\"value\":false}]");
        assertThat(created.body().path("rules").toString())
                .isEqualTo("[{\"user_ids\":[\"usr_a\",\"usr_b\"],\"roles\":[\"admin\"],\"variant\":\"on\"}]");
        assertThat(created.body().path("rollout").toString()).isEqualTo("[{\"variant\":\"on\",\"percentage\":12.5}]");
        assertThat(created.text("off_variant")).isEqualTo("off");
        assertThat(created.number("version")).isEqualTo(1);
        assertThat(admin().get("/v1/admin/flags/" + key).body()).isEqualTo(created.body());

        Api.Response changed = patch(key, Map.of("description", "Newer search", "rollout", List.of()));
        assertThat(changed.text("description")).isEqualTo("Newer search");
        assertThat(changed.body().path("rollout").size()).isZero();
        assertThat(changed.body().path("rules").size()).isEqualTo(1);
        assertThat(changed.number("version")).isEqualTo(2);

        assertThat(keysListedFrom(key)).contains(key);
        assertThat(admin().delete("/v1/admin/flags/" + key).status()).isEqualTo(204);
        assertProblem(admin().get("/v1/admin/flags/" + key), 404, "flag_not_found");
        assertThat(keysListedFrom(key)).doesNotContain(key);
        assertThat(fixtures.newUserClient().get("/v1/flags").body().path("flags").has(key)).isFalse();
        assertThat(featureFlags.evaluate(key, FlagContext.anonymous()).errorCode()).isNotNull();
    }

    @Test
    void theFlagListIsPaginatedByKey() {
        String prefix = "page_" + UUID.randomUUID().toString().substring(0, 8);
        for (String suffix : List.of("a", "b", "c")) {
            assertThat(admin().post("/v1/admin/flags", Map.of("key", prefix + suffix, "type", "boolean")).status()).isEqualTo(201);
        }

        Api.Response first = admin().get("/v1/admin/flags?limit=2&starting_after=" + prefix);

        assertThat(keys(first)).containsExactly(prefix + "a", prefix + "b");
        assertThat(first.body().path("has_more").asBoolean()).isTrue();
        Api.Response next = admin().get("/v1/admin/flags?limit=2&starting_after=" + prefix + "b");
        assertThat(next.body().path("data").get(0).path("key").asString()).isEqualTo(prefix + "c");
    }

    @Test
    void invalidDefinitionsAreRefusedAndNothingIsStored() {
        String key = key();
        Map<String, Object> variants = Map.of("key", key, "type", "variant",
                "variants", List.of(Map.of("key", "a", "value", "1"), Map.of("key", "b", "value", "2")));

        assertProblem(admin().post("/v1/admin/flags", with(variants, "default_variant", "c")), 400, "unknown_variant");
        assertProblem(admin().post("/v1/admin/flags", with(variants, "rules",
                List.of(Map.of("roles", List.of("admin"), "variant", "z")))), 400, "unknown_variant");
        assertProblem(admin().post("/v1/admin/flags", with(variants, "rollout",
                List.of(Map.of("variant", "a", "percentage", 101)))), 400, "invalid_rollout");
        assertProblem(admin().post("/v1/admin/flags", with(variants, "rollout",
                List.of(Map.of("variant", "a", "percentage", 60), Map.of("variant", "b", "percentage", 40.01)))), 400,
                "invalid_rollout");
        assertProblem(admin().post("/v1/admin/flags", with(variants, "rollout",
                List.of(Map.of("variant", "a", "percentage", 0.001)))), 400, "invalid_rollout");
        assertProblem(admin().post("/v1/admin/flags", with(variants, "environment_defaults", Map.of("Prod!", "a"))), 400,
                "invalid_environment");
        assertProblem(admin().post("/v1/admin/flags", with(variants, "rules", List.of(Map.of("variant", "a")))), 400,
                "invalid_rule");
        assertProblem(admin().post("/v1/admin/flags", with(variants, "variants", List.of(Map.of("key", "only", "value", "1")))),
                400, "invalid_variants");
        assertProblem(admin().post("/v1/admin/flags", Map.of("key", key, "type", "boolean",
                "variants", List.of(Map.of("key", "yes", "value", "1"), Map.of("key", "no", "value", "0")))), 400, "invalid_variants");
        assertProblem(admin().post("/v1/admin/flags", Map.of("key", key, "type", "multi")), 400, "invalid_flag_type");
        assertProblem(admin().post("/v1/admin/flags", Map.of("key", "Bad Key!", "type", "boolean")), 400, "invalid_flag_key");
        assertProblem(admin().post("/v1/admin/flags", Map.of("type", "boolean")), 400, "invalid_flag_key");

        assertProblem(admin().get("/v1/admin/flags/" + key), 404, "flag_not_found");
        assertThat(fixtures.newUserClient().get("/v1/flags").body().path("flags").has(key)).isFalse();
    }

    @Test
    void anInvalidChangeLeavesTheFlagAsItWas() {
        String key = create(Map.of("type", "boolean", "rollout", List.of(Map.of("variant", "on", "percentage", 30))));
        JsonNode before = admin().get("/v1/admin/flags/" + key).body();

        assertProblem(admin().patch("/v1/admin/flags/" + key, Map.of("rollout",
                List.of(Map.of("variant", "on", "percentage", 150)))), 400, "invalid_rollout");
        assertProblem(admin().patch("/v1/admin/flags/" + key, Map.of("default_variant", "maybe")), 400, "unknown_variant");
        assertProblem(admin().patch("/v1/admin/flags/" + key, Map.of("type", "variant")), 400, "unknown_parameter");
        assertProblem(admin().post("/v1/admin/flags", Map.of("key", key, "type", "boolean")), 409, "flag_exists");

        assertThat(admin().get("/v1/admin/flags/" + key).body()).isEqualTo(before);
    }

    @Test
    void onlyOperatorsManageFlagsButEveryUserReadsTheirs() {
        Api.Client user = fixtures.newUserClient();
        String key = create(Map.of("type", "boolean"));

        assertProblem(user.post("/v1/admin/flags", Map.of("key", key(), "type", "boolean")), 403, "forbidden");
        assertProblem(user.get("/v1/admin/flags"), 403, "forbidden");
        assertProblem(user.post("/v1/admin/flags/" + key + "/kill", Map.of()), 403, "forbidden");
        assertProblem(user.post("/v1/admin/flag-kill-switch", Map.of("engaged", true)), 403, "forbidden");
        assertProblem(api.anonymous().get("/v1/flags"), 401, "authentication_required");
        assertProblem(admin().post("/v1/admin/flags/missing_flag/kill", Map.of()), 404, "flag_not_found");
        assertThat(user.get("/v1/flags").body().path("flags").has(key)).isTrue();
    }

    private String create(Map<String, Object> definition) {
        String key = key();
        Api.Response created = admin().post("/v1/admin/flags", with(definition, "key", key));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return key;
    }

    private Api.Response patch(String key, Map<String, Object> changes) {
        Api.Response changed = admin().patch("/v1/admin/flags/" + key, changes);
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        return changed;
    }

    private Set<String> usersWith(String key, List<String> users, String variant) {
        return users.stream()
                .filter(user -> variant.equals(evaluation(admin().onBehalfOf(user).get("/v1/flags"), key).get("variant")))
                .collect(Collectors.toSet());
    }

    /** Keys on the page that starts just before {@code key}. */
    private List<String> keysListedFrom(String key) {
        return keys(admin().get("/v1/admin/flags?limit=10&starting_after=" + key.substring(0, key.length() - 1)));
    }

    private static List<String> keys(Api.Response page) {
        assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        page.body().path("data").forEach(flag -> keys.add(flag.path("key").asString()));
        return keys;
    }

    private static Map<String, String> evaluation(Api.Response flags, String key) {
        assertThat(flags.status()).as(flags.body().toString()).isEqualTo(200);
        JsonNode evaluation = flags.body().path("flags").path(key);
        return Map.of("value", evaluation.path("value").asString(), "variant", evaluation.path("variant").asString(),
                "reason", evaluation.path("reason").asString());
    }

    private static Map<String, Object> with(Map<String, Object> base, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(field, value);
        return copy;
    }

    private static String key() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
