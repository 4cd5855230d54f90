package dev.mercato.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class FeeScheduleTests {

    final FeeSchedule stripeLike = new FeeSchedule(290, 30);

    @Test
    void chargesTwoPointNinePercentPlusThirtyCents() {
        assertThat(stripeLike.feeFor(1_000)).isEqualTo(59);
        assertThat(stripeLike.feeFor(10_000)).isEqualTo(320);
        assertThat(stripeLike.feeFor(1)).isEqualTo(30);
    }

    @Test
    void roundsAnExactHalfCentUp() {
        // 2.9% of 500 is 14.5: half up gives 15 (half even would give 14)
        assertThat(stripeLike.feeFor(500)).isEqualTo(45);
        // 2.9% of 1724 is 49.996
        assertThat(stripeLike.feeFor(1_724)).isEqualTo(80);
        // 2.9% of 50 is 1.45
        assertThat(stripeLike.feeFor(50)).isEqualTo(31);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> stripeLike.feeFor(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeeSchedule(10_001, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeeSchedule(290, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stripeLike.feeFor(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
    }

    @Property
    void equalsExactDecimalArithmeticRoundedHalfUp(@ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long amount,
            @ForAll @LongRange(min = 0, max = 10_000) long basisPoints, @ForAll @LongRange(min = 0, max = 1_000) long fixed) {
        long expected = BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(basisPoints))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP).longValueExact() + fixed;
        assertThat(new FeeSchedule(basisPoints, fixed).feeFor(amount)).isEqualTo(expected);
    }
}
