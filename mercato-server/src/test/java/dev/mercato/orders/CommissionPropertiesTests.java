package dev.mercato.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CommissionPropertiesTests {

    static final CommissionPolicy DEFAULTS = new CommissionPolicy(List.of(
            new CommissionRule(CommissionRule.Scope.PLATFORM, null, null, 2_000, 0, 0),
            new CommissionRule(CommissionRule.Scope.KIND, "course", null, 3_000, 0, 0),
            new CommissionRule(CommissionRule.Scope.KIND, "service", null, 2_000, 0, 0),
            new CommissionRule(CommissionRule.Scope.SELLER, "usr_enterprise", "course", 2_500, 0, 0),
            new CommissionRule(CommissionRule.Scope.CATEGORY, "cat_design", null, 1_500, 0, 0),
            new CommissionRule(CommissionRule.Scope.LISTING, "lst_promo", null, 500, 0, 0)));

    @Property
    void aSplitAlwaysAddsUpToWhatWasPaid(@ForAll @Size(min = 1, max = 10) List<@LongRange(min = 0, max = 10_000_000L) Long> prices,
            @ForAll @IntRange(min = 0, max = 10_000) int basisPoints, @ForAll @LongRange(min = 0, max = 500) long fixed,
            @ForAll @IntRange(min = 0, max = 3_000) int feeBasisPoints) {
        CommissionRule rule = new CommissionRule(CommissionRule.Scope.PLATFORM, null, null, basisPoints, fixed, 0);
        long[] p = prices.stream().mapToLong(Long::longValue).toArray();
        long[] c = prices.stream().mapToLong(rule::commissionOn).toArray();
        long total = prices.stream().mapToLong(Long::longValue).sum();
        long fee = total * feeBasisPoints / 10_000;

        Split split = Split.of(p, c, fee);

        assertThat(split.lines().stream().mapToLong(l -> l.sellerEarnings() + l.platformRevenue() + l.processorFee()).sum())
                .isEqualTo(total);
        assertThat(split.lines().stream().mapToLong(Split.LineSplit::processorFee).sum()).isEqualTo(fee);
        for (Split.LineSplit line : split.lines()) {
            assertThat(line.sellerEarnings() + line.commission()).isEqualTo(line.price());
            assertThat(line.sellerEarnings()).isBetween(0L, line.price());
        }
    }

    @Property
    void aCommissionNeverExceedsThePriceNorFallsBelowTheMinimum(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long price,
            @ForAll @IntRange(min = 0, max = 10_000) int basisPoints, @ForAll @LongRange(min = 0, max = 10_000) long fixed,
            @ForAll @LongRange(min = 0, max = 10_000) long minimum) {
        long commission = new CommissionRule(CommissionRule.Scope.PLATFORM, null, null, basisPoints, fixed, minimum).commissionOn(price);
        assertThat(commission).isLessThanOrEqualTo(price);
        assertThat(commission).isGreaterThanOrEqualTo(Math.min(minimum, price));
    }

    @Test
    void aTierRuleBeatsCategoryAndKindButNotTheSellerOrListing() {
        CommissionPolicy policy = new CommissionPolicy(List.of(
                new CommissionRule(CommissionRule.Scope.PLATFORM, null, null, 2_000, 0, 0),
                new CommissionRule(CommissionRule.Scope.KIND, "course", null, 3_000, 0, 0),
                new CommissionRule(CommissionRule.Scope.TIER, "enterprise", "course", 2_500, 0, 0),
                new CommissionRule(CommissionRule.Scope.CATEGORY, "cat_design", null, 1_500, 0, 0),
                new CommissionRule(CommissionRule.Scope.SELLER, "usr_vip", null, 1_000, 0, 0)));

        assertThat(policy.ruleFor(new CommissionPolicy.Line("lst_x", "usr_a", "enterprise", "cat_design", "course")).basisPoints())
                .as("tier beats category").isEqualTo(2_500);
        assertThat(policy.ruleFor(new CommissionPolicy.Line("lst_x", "usr_a", null, "cat_x", "course")).basisPoints())
                .as("no tier: the kind's rule").isEqualTo(3_000);
        assertThat(policy.ruleFor(new CommissionPolicy.Line("lst_x", "usr_a", "enterprise", "cat_x", "service")).basisPoints())
                .as("the enterprise rule is for courses").isEqualTo(2_000);
        assertThat(policy.ruleFor(new CommissionPolicy.Line("lst_x", "usr_vip", "enterprise", "cat_x", "course")).basisPoints())
                .as("the seller's own rule beats its tier").isEqualTo(1_000);
    }

    @Test
    void theMostSpecificRuleWins() {
        assertThat(rate("lst_promo", "usr_enterprise", "cat_design", "course")).isEqualTo(500);
        assertThat(rate("lst_x", "usr_enterprise", "cat_design", "course")).as("seller beats category").isEqualTo(2_500);
        assertThat(rate("lst_x", "usr_enterprise", "cat_x", "service")).as("the enterprise rule is for courses only").isEqualTo(2_000);
        assertThat(rate("lst_x", "usr_x", "cat_design", "course")).as("category beats kind").isEqualTo(1_500);
        assertThat(rate("lst_x", "usr_x", "cat_x", "course")).isEqualTo(3_000);
        assertThat(rate("lst_x", "usr_x", "cat_x", "digital_product")).as("platform default").isEqualTo(2_000);
    }

    @Test
    void anInstructorKeepsSeventyPercentAndThePlatformBearsTheProcessorFee() {
        long price = 49_99;
        long commission = DEFAULTS.ruleFor(new CommissionPolicy.Line("lst_x", "usr_x", "cat_x", "course")).commissionOn(price);
        long fee = (price * 290 + 5_000) / 10_000 + 30; // 2.9% + 30¢ = 145 + 30

        Split split = Split.of(new long[] {price}, new long[] {commission}, fee);

        assertThat(commission).isEqualTo(15_00); // 30% of 49.99 = 14.997 → 15.00
        assertThat(split.lines().getFirst().sellerEarnings()).isEqualTo(34_99);
        assertThat(split.lines().getFirst().processorFee()).isEqualTo(175);
        assertThat(split.lines().getFirst().platformRevenue()).isEqualTo(13_25);
    }

    private static int rate(String listing, String seller, String category, String kind) {
        return DEFAULTS.ruleFor(new CommissionPolicy.Line(listing, seller, category, kind)).basisPoints();
    }
}
