package dev.mercato.platform.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.platform.FlagContext;
import dev.mercato.platform.FlagEvaluation;
import dev.mercato.platform.FlagEvaluation.Reason;
import dev.mercato.platform.flags.FlagChanges.RuleInput;
import dev.mercato.platform.flags.FlagChanges.SliceInput;
import dev.mercato.platform.flags.FlagChanges.VariantInput;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluation order of one flag, and which environment an instance is in, without Spring or a database. */
class FlagEvaluationTests {

    private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
    private static final FlagContext ADA = new FlagContext("usr_ada", "user");

    @Test
    void aFlagWithoutTargetingGivesEveryoneItsEnvironmentsDefault() {
        Flag flag = FlagDefinitions.create("new_search", "boolean", new FlagChanges(null, null, "off",
                Map.of("development", "on", "staging", "on"), null, null, null, null), NOW);

        assertThat(flag.evaluate(ADA, "development", false)).isEqualTo(new FlagEvaluation(true, "on", Reason.STATIC, null, 1));
        assertThat(flag.evaluate(ADA, "staging", false).value()).isEqualTo(true);
        assertThat(flag.evaluate(ADA, "production", false)).isEqualTo(new FlagEvaluation(false, "off", Reason.STATIC, null, 1));
    }

    @Test
    void theFirstMatchingRuleWinsOverTheRolloutAndTheDefault() {
        Flag flag = FlagDefinitions.create("layout", "variant", new FlagChanges(null,
                List.of(new VariantInput("classic", "v1"), new VariantInput("grid", "v2"), new VariantInput("list", "v3")),
                "classic", null, null,
                List.of(new RuleInput(List.of("usr_ada"), null, "grid"), new RuleInput(null, List.of("admin", "user"), "list")),
                List.of(new SliceInput("grid", BigDecimal.valueOf(100))), null), NOW);

        assertThat(flag.evaluate(ADA, "production", false))
                .isEqualTo(new FlagEvaluation("v2", "grid", Reason.TARGETING_MATCH, null, 1));
        assertThat(flag.evaluate(new FlagContext("usr_bo", "admin"), "production", false).variant()).isEqualTo("list");
        assertThat(flag.evaluate(new FlagContext("usr_cy", "seller"), "production", false))
                .isEqualTo(new FlagEvaluation("v2", "grid", Reason.SPLIT, null, 1));
    }

    @Test
    void aUserOutsideTheRolloutOrWithoutAnIdGetsTheDefault() {
        Flag flag = FlagDefinitions.create("nobody_yet", "boolean", new FlagChanges(null, null, null,
                Map.of("production", "on"), null, null, List.of(new SliceInput("off", new BigDecimal("0.01"))), null), NOW);

        FlagEvaluation anonymous = flag.evaluate(FlagContext.anonymous(), "production", false);

        assertThat(anonymous).isEqualTo(new FlagEvaluation(true, "on", Reason.DEFAULT, null, 1));
    }

    @Test
    void aDisabledFlagOrTheGlobalKillSwitchGivesTheOffVariantEvenToTargetedUsers() {
        FlagChanges targeted = new FlagChanges(null,
                List.of(new VariantInput("safe", "a"), new VariantInput("risky", "b")), "risky", null, "safe",
                List.of(new RuleInput(List.of("usr_ada"), null, "risky")), null, null);
        Flag flag = FlagDefinitions.create("risky_thing", "variant", targeted, NOW);
        Flag disabled = FlagDefinitions.change(flag, new FlagChanges(null, null, null, null, null, null, null, false), NOW);

        assertThat(flag.evaluate(ADA, "production", true)).isEqualTo(new FlagEvaluation("a", "safe", Reason.DISABLED, null, 1));
        assertThat(disabled.evaluate(ADA, "production", false))
                .isEqualTo(new FlagEvaluation("a", "safe", Reason.DISABLED, null, 2));
    }

    @Test
    void anUnknownFlagIsAnErrorNotAnException() {
        FlagSnapshot empty = FlagSnapshot.of(3, false, List.of());

        assertThat(empty.evaluate("missing", ADA, "production")).isEqualTo(FlagEvaluation.notFound());
    }

    @Test
    void theEnvironmentIsConfiguredOrFollowsTheProductionSetting() {
        assertThat(FlagEnvironment.resolve("staging", false)).isEqualTo("staging");
        assertThat(FlagEnvironment.resolve("", true)).isEqualTo("production");
        assertThat(FlagEnvironment.resolve(null, false)).isEqualTo("development");
        assertThatThrownBy(() -> FlagEnvironment.resolve("Prod!", true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MERCATO_ENV");
    }
}
