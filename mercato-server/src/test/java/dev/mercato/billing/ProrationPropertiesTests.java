package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.billing.core.Proration;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Proration to the second: any sequence of plan changes at any seconds of a period charges, in
 * total, what paying each plan for exactly the seconds it was held costs — within one minor unit
 * per change.
 */
class ProrationPropertiesTests {

    static final Instant START = Instant.parse("2026-01-31T10:15:00Z");

    record Change(long atSecond, long newPrice) {
    }

    @Provide
    Arbitrary<List<Change>> changes() {
        Arbitrary<Change> change = Combinators.combine(Arbitraries.longs().between(0, 31L * 86_400),
                Arbitraries.longs().between(0, 1_000_000_00L)).as(Change::new);
        return change.list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 2_000)
    void anySequenceOfChangesChargesTheSecondBySecondPriceWithinOneUnitPerChange(
            @ForAll @LongRange(min = 0, max = 1_000_000_00L) long firstPrice, @ForAll("changes") List<Change> raw) {
        Instant end = BillingInterval.MONTH.after(START, 1);
        long period = Duration.between(START, end).toSeconds();
        List<Change> changes = new ArrayList<>(raw.stream().map(c -> new Change(Math.min(c.atSecond(), period), c.newPrice()))
                .sorted((a, b) -> Long.compare(a.atSecond(), b.atSecond())).toList());

        long charged = firstPrice;
        long price = firstPrice;
        BigInteger exactTimesPeriod = BigInteger.ZERO;
        long heldSince = 0;
        for (Change c : changes) {
            Proration.Quote quote = Proration.change(price, c.newPrice(), START, end, START.plusSeconds(c.atSecond()));
            charged += quote.net();
            exactTimesPeriod = exactTimesPeriod.add(BigInteger.valueOf(price).multiply(BigInteger.valueOf(c.atSecond() - heldSince)));
            heldSince = c.atSecond();
            price = c.newPrice();
        }
        exactTimesPeriod = exactTimesPeriod.add(BigInteger.valueOf(price).multiply(BigInteger.valueOf(period - heldSince)));

        // |charged - exact| <= changes  <=>  |charged * period - exact * period| <= changes * period
        BigInteger difference = BigInteger.valueOf(charged).multiply(BigInteger.valueOf(period)).subtract(exactTimesPeriod).abs();
        assertThat(difference).as("charged %d for %s", charged, changes)
                .isLessThanOrEqualTo(BigInteger.valueOf(changes.size()).multiply(BigInteger.valueOf(period)));
    }

    @Property
    void aShareIsNeverMoreThanThePriceNorNegative(@ForAll @LongRange(min = 0, max = 100_000_000_00L) long price,
            @ForAll @LongRange(min = 1, max = 366L * 86_400) long whole, @ForAll @LongRange(min = 0, max = 366L * 86_400) long part) {
        long share = Proration.share(price, Math.min(part, whole), whole);
        assertThat(share).isBetween(0L, price);
    }

    @Test
    void upgradingHalfwayChargesHalfTheDifference() {
        Instant end = START.plus(Duration.ofDays(30));
        Proration.Quote quote = Proration.change(9_99, 99_00, START, end, START.plus(Duration.ofDays(15)));
        assertThat(quote.credit()).isEqualTo(5_00); // 4.995 rounds half up
        assertThat(quote.charge()).isEqualTo(49_50);
        assertThat(quote.net()).isEqualTo(44_50);
    }

    @Test
    void aChangeAtTheLastSecondCostsNothingAndAtTheFirstCostsTheWholeDifference() {
        Instant end = START.plus(Duration.ofDays(30));
        assertThat(Proration.change(9_99, 99_00, START, end, end).net()).isZero();
        assertThat(Proration.change(9_99, 99_00, START, end, START).net()).isEqualTo(99_00 - 9_99);
    }
}
