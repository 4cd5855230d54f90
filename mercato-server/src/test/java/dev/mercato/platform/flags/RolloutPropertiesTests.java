package dev.mercato.platform.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.FlagContext;
import dev.mercato.platform.FlagEvaluation;
import dev.mercato.platform.flags.FlagChanges.SliceInput;
import dev.mercato.platform.flags.FlagChanges.VariantInput;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/**
 * Sticky percentage rollout: a user's result depends only on the flag key and the user id, raising
 * a percentage only adds users, and over many users the shares match the percentages.
 */
class RolloutPropertiesTests {

    private static final int USERS = 10_000;
    private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

    @Property
    void aUsersResultDependsOnlyOnTheFlagAndTheUser(@ForAll @IntRange(min = 0, max = 999) int flagNumber,
            @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 40) String userId,
            @ForAll @IntRange(min = 1, max = 10_000) int basisPoints) {
        String key = "flag_" + flagNumber;
        Flag onOneInstance = rollout(key, basisPoints);
        Flag onAnother = FlagDefinitions.create(key, "boolean", changes(basisPoints), NOW.plusSeconds(3_600));

        FlagEvaluation first = onOneInstance.evaluate(user(userId), "production", false);

        assertThat(onAnother.evaluate(user(userId), "production", false)).isEqualTo(first);
        assertThat(onOneInstance.evaluate(user(userId), "staging", false).variant()).isEqualTo(first.variant());
    }

    @Property
    void raisingThePercentageKeepsEveryoneWhoWasIn(@ForAll @IntRange(min = 0, max = 999) int flagNumber,
            @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 40) String userId,
            @ForAll @IntRange(min = 1, max = 10_000) int lower, @ForAll @IntRange(min = 1, max = 10_000) int higher) {
        Assume.that(lower <= higher);
        String key = "flag_" + flagNumber;

        boolean inAtLower = rollout(key, lower).evaluate(user(userId), "production", false).variant().equals("on");
        boolean inAtHigher = rollout(key, higher).evaluate(user(userId), "production", false).variant().equals("on");

        if (inAtLower) {
            assertThat(inAtHigher).as("in at %d basis points, out at %d", lower, higher).isTrue();
        }
    }

    @Property(tries = 25)
    void theShareOfUsersInIsThePercentage(@ForAll @IntRange(min = 0, max = 999) int flagNumber,
            @ForAll @IntRange(min = 1, max = 9_999) int basisPoints) {
        Flag flag = rollout("flag_" + flagNumber, basisPoints);

        int in = 0;
        for (int i = 0; i < USERS; i++) {
            FlagEvaluation evaluation = flag.evaluate(user("usr_" + i), "production", false);
            if (evaluation.variant().equals("on")) {
                assertThat(evaluation.reason()).isEqualTo(FlagEvaluation.Reason.SPLIT);
                in++;
            }
        }

        assertWithinTolerance(in, basisPoints);
    }

    @Property(tries = 25)
    void variantsGetTheirWeights(@ForAll @IntRange(min = 0, max = 999) int flagNumber,
            @ForAll @IntRange(min = 100, max = 5_000) int blue, @ForAll @IntRange(min = 100, max = 4_900) int green) {
        int red = 10_000 - blue - green;
        Flag flag = FlagDefinitions.create("flag_" + flagNumber, "variant", new FlagChanges(null,
                List.of(new VariantInput("red", "#f00"), new VariantInput("green", "#0f0"), new VariantInput("blue", "#00f")),
                null, null, null, null,
                List.of(slice("blue", blue), slice("red", red), slice("green", green)), null), NOW);

        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < USERS; i++) {
            counts.merge(flag.evaluate(user("usr_" + i), "production", false).variant(), 1, Integer::sum);
        }

        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(USERS);
        assertWithinTolerance(counts.getOrDefault("red", 0), red);
        assertWithinTolerance(counts.getOrDefault("green", 0), green);
        assertWithinTolerance(counts.getOrDefault("blue", 0), blue);
    }

    /** Five standard deviations of a binomial count: a correct hash fails this about once in 3 million runs. */
    private static void assertWithinTolerance(int count, int basisPoints) {
        double p = basisPoints / 10_000.0;
        double tolerance = 5 * Math.sqrt(USERS * p * (1 - p)) + 1;
        assertThat((double) count).as("%d of %d users for %d basis points", count, USERS, basisPoints)
                .isBetween(USERS * p - tolerance, USERS * p + tolerance);
    }

    private static Flag rollout(String key, int basisPoints) {
        return FlagDefinitions.create(key, "boolean", changes(basisPoints), NOW);
    }

    private static FlagChanges changes(int basisPoints) {
        return new FlagChanges(null, null, null, null, null, null, List.of(slice("on", basisPoints)), null);
    }

    private static SliceInput slice(String variant, int basisPoints) {
        return new SliceInput(variant, BigDecimal.valueOf(basisPoints, 2));
    }

    private static FlagContext user(String id) {
        return new FlagContext(id, "user");
    }
}
