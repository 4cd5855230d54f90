package dev.mercato.reviews;

/**
 * The two scores that rank with few ratings in mind: the Bayesian average pulls a listing's mean
 * towards a prior until it has enough reviews to speak for itself; the Wilson lower bound ranks a
 * review's helpful share by how sure 95 % of the time we can be of it, so 2 of 2 helpful votes does
 * not beat 90 of 100.
 */
final class RatingMath {

    /** z for a two-sided 95 % confidence interval. */
    static final double Z = 1.959963984540054;

    private RatingMath() {
    }

    /** (priorWeight · priorMean + sum of stars) / (priorWeight + count); the prior mean when there is nothing. */
    static double bayesianAverage(long count, long starTotal, double priorMean, double priorWeight) {
        if (count == 0 && priorWeight == 0) {
            return priorMean;
        }
        return (priorWeight * priorMean + starTotal) / (priorWeight + count);
    }

    static double mean(long count, long starTotal) {
        return count == 0 ? 0 : (double) starTotal / count;
    }

    /** Lower bound of the Wilson score interval of {@code helpful / (helpful + unhelpful)}; 0 without helpful votes. */
    static double wilsonLowerBound(long helpful, long unhelpful) {
        long n = helpful + unhelpful;
        if (helpful == 0) {
            // exactly 0; the formula below would leave rounding noise of the order of 1e-17
            return 0;
        }
        double p = (double) helpful / n;
        double z2 = Z * Z;
        double centre = p + z2 / (2 * n);
        double spread = Z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n);
        return Math.max(0, (centre - spread) / (1 + z2 / n));
    }
}
