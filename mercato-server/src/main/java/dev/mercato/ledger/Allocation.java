package dev.mercato.ledger;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Largest-remainder allocation: splits an integer total in proportion to non-negative weights so
 * that the parts sum exactly to the total. Each part is the floor of its exact share, and the units
 * left over go to the largest fractional remainders (ties to the earlier index), so the result is
 * deterministic and no part is ever more than one unit from its exact share.
 */
public final class Allocation {

    private Allocation() {
    }

    public static long[] largestRemainder(long total, long... weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("at least one weight is needed");
        }
        if (total < 0) {
            long[] negated = largestRemainder(-total, weights);
            return Arrays.stream(negated).map(p -> -p).toArray();
        }
        BigInteger sum = BigInteger.ZERO;
        for (long w : weights) {
            if (w < 0) {
                throw new IllegalArgumentException("weights must not be negative");
            }
            sum = sum.add(BigInteger.valueOf(w));
        }
        if (sum.signum() == 0) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
        long[] parts = new long[weights.length];
        BigInteger[] remainders = new BigInteger[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            BigInteger[] qr = BigInteger.valueOf(total).multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(sum);
            parts[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            given += parts[i];
        }
        long left = total - given;
        int[] order = IntStream.range(0, weights.length).boxed()
                .sorted(Comparator.comparing((Integer i) -> remainders[i]).reversed().thenComparing(i -> i))
                .mapToInt(Integer::intValue).toArray();
        for (int k = 0; k < left; k++) {
            parts[order[k]]++;
        }
        return parts;
    }
}
