package dev.mercato.reviews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The aggregate math: the Bayesian average stays between prior and mean; the Wilson bound is a cautious share. */
class RatingMathTests {

    @Property
    void theBayesianAverageLiesBetweenThePriorAndTheMean(@ForAll @IntRange(min = 0, max = 100_000) int count,
            @ForAll @IntRange(min = 1, max = 5) int averageStars, @ForAll @IntRange(min = 0, max = 4) int extra,
            @ForAll @DoubleRange(min = 1, max = 5) double priorMean, @ForAll @DoubleRange(min = 0, max = 1000) double priorWeight) {
        long total = (long) count * averageStars + Math.min(extra, count * (5 - averageStars));
        double mean = RatingMath.mean(count, total);
        double bayesian = RatingMath.bayesianAverage(count, total, priorMean, priorWeight);

        if (count == 0) {
            assertThat(bayesian).isCloseTo(priorMean, within(1e-12));
        } else {
            assertThat(bayesian).isBetween(Math.min(mean, priorMean) - 1e-9, Math.max(mean, priorMean) + 1e-9);
        }
        assertThat(bayesian).isBetween(1.0 - 1e-9, 5.0 + 1e-9);
    }

    @Property
    void moreReviewsOfTheSameMeanMoveTheBayesianAverageTowardsThatMean(@ForAll @IntRange(min = 1, max = 10_000) int count,
            @ForAll @IntRange(min = 1, max = 5) int stars, @ForAll @DoubleRange(min = 1, max = 5) double priorMean,
            @ForAll @DoubleRange(min = 0.5, max = 100) double priorWeight) {
        double fewer = RatingMath.bayesianAverage(count, (long) count * stars, priorMean, priorWeight);
        double more = RatingMath.bayesianAverage(count + 1, (long) (count + 1) * stars, priorMean, priorWeight);

        assertThat(Math.abs(more - stars)).isLessThanOrEqualTo(Math.abs(fewer - stars) + 1e-12);
    }

    @Property
    void aHigherStarReviewNeverLowersTheBayesianAverage(@ForAll @IntRange(min = 0, max = 1000) int count,
            @ForAll @IntRange(min = 1, max = 4) int stars, @ForAll @DoubleRange(min = 1, max = 5) double priorMean,
            @ForAll @DoubleRange(min = 0, max = 100) double priorWeight) {
        long total = 3L * count;
        assertThat(RatingMath.bayesianAverage(count + 1, total + stars + 1, priorMean, priorWeight))
                .isGreaterThan(RatingMath.bayesianAverage(count + 1, total + stars, priorMean, priorWeight));
    }

    @Property
    void theWilsonBoundLiesBetweenZeroAndTheObservedShare(@ForAll @IntRange(min = 0, max = 100_000) int helpful,
            @ForAll @IntRange(min = 0, max = 100_000) int unhelpful) {
        double bound = RatingMath.wilsonLowerBound(helpful, unhelpful);
        double share = helpful + unhelpful == 0 ? 0 : (double) helpful / (helpful + unhelpful);

        assertThat(bound).isBetween(0.0, share + 1e-12);
    }

    @Property
    void anotherHelpfulVoteRaisesTheBoundAndAnotherUnhelpfulOneLowersIt(@ForAll @IntRange(min = 0, max = 10_000) int helpful,
            @ForAll @IntRange(min = 0, max = 10_000) int unhelpful) {
        double bound = RatingMath.wilsonLowerBound(helpful, unhelpful);

        assertThat(RatingMath.wilsonLowerBound(helpful + 1, unhelpful)).isGreaterThan(bound);
        assertThat(RatingMath.wilsonLowerBound(helpful, unhelpful + 1)).isLessThanOrEqualTo(bound);
    }

    @Property
    void theSameShareWithMoreVotesIsMoreCertain(@ForAll @IntRange(min = 1, max = 1000) int helpful,
            @ForAll @IntRange(min = 0, max = 1000) int unhelpful, @ForAll @IntRange(min = 2, max = 10) int factor) {
        assertThat(RatingMath.wilsonLowerBound((long) helpful * factor, (long) unhelpful * factor))
                .isGreaterThan(RatingMath.wilsonLowerBound(helpful, unhelpful));
    }

    @Example
    void knownValues() {
        assertThat(RatingMath.wilsonLowerBound(0, 0)).isZero();
        assertThat(RatingMath.wilsonLowerBound(2, 0)).isCloseTo(0.3424, within(1e-4));
        assertThat(RatingMath.wilsonLowerBound(9, 1)).isCloseTo(0.5958, within(1e-4));
        assertThat(RatingMath.wilsonLowerBound(600, 400)).isCloseTo(0.5693, within(1e-4));
        assertThat(RatingMath.bayesianAverage(4, 15, 3.5, 10)).isEqualTo(50.0 / 14);
    }
}
