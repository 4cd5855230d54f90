package dev.mercato.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class AllocationPropertiesTests {

    @Property
    void partsAlwaysSumToTheTotal(@ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long total,
            @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 0, max = 1_000_000_000L) Long> weights) {
        long[] w = weights.stream().mapToLong(Long::longValue).toArray();
        if (Arrays.stream(w).sum() == 0) {
            w[0] = 1;
        }
        assertThat(Arrays.stream(Allocation.largestRemainder(total, w)).sum()).isEqualTo(total);
    }

    @Property
    void eachPartIsWithinOneUnitOfItsExactShare(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long total,
            @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 1, max = 1_000_000L) Long> weights) {
        long[] w = weights.stream().mapToLong(Long::longValue).toArray();
        long[] parts = Allocation.largestRemainder(total, w);
        BigInteger sum = BigInteger.valueOf(Arrays.stream(w).sum());
        for (int i = 0; i < w.length; i++) {
            BigInteger floor = BigInteger.valueOf(total).multiply(BigInteger.valueOf(w[i])).divide(sum);
            assertThat(parts[i]).isBetween(floor.longValueExact(), floor.longValueExact() + 1);
        }
    }

    @Property
    void aZeroWeightGetsNothing(@ForAll @LongRange(min = 0, max = 1_000_000L) long total,
            @ForAll @LongRange(min = 1, max = 1_000L) long other) {
        assertThat(Allocation.largestRemainder(total, 0, other)[0]).isZero();
    }
}
