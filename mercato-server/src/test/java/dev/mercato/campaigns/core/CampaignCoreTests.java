package dev.mercato.campaigns.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.campaigns.CampaignStatus;
import dev.mercato.campaigns.SubmissionStatus;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The campaigns' plain-Java rules: fee split, state machines, text checks and key themes. */
class CampaignCoreTests {

    @Property
    void aSplitsPartsAlwaysSumToTheSlotCost(@ForAll @LongRange(min = 1, max = 100_000_000) long reward,
            @ForAll @IntRange(min = 0, max = 2_000) int fundingBp, @ForAll @IntRange(min = 0, max = 3_000) int protocolBp,
            @ForAll @IntRange(min = 0, max = 1_000) int processorBp) {
        long fundingFee = PaySplit.basisPoints(reward, fundingBp);
        PaySplit split = PaySplit.of(reward, fundingFee, protocolBp, processorBp);
        assertThat(split.earned() + split.revenue() + split.processorFee()).isEqualTo(split.slotCost());
        assertThat(split.slotCost()).isEqualTo(reward + fundingFee);
        assertThat(split.earned()).isPositive();
    }

    @Test
    void theProductsFeesRoundHalfUp() {
        PaySplit split = PaySplit.of(500, 0, 700, 25);
        assertThat(split.protocolFee()).isEqualTo(35);
        assertThat(split.processorFee()).isEqualTo(1); // 1.25
        assertThat(split.earned()).isEqualTo(464);
        assertThat(PaySplit.of(200, 0, 700, 25).processorFee()).isEqualTo(1); // 0.5 rounds up
        assertThat(PaySplit.of(199, 0, 700, 25).processorFee()).isZero(); // 0.4975
        assertThat(PaySplit.basisPoints(1_000, 1_000)).isEqualTo(100);
        assertThatThrownBy(() -> PaySplit.of(0, 0, 700, 25)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void campaignsMoveOnlyAlongTheirTransitions() {
        assertThat(CampaignStateMachine.next(CampaignStatus.DRAFT, CampaignAction.FUND)).isEqualTo(CampaignStatus.OPEN);
        assertThat(CampaignStateMachine.next(CampaignStatus.OPEN, CampaignAction.TOP_UP)).isEqualTo(CampaignStatus.OPEN);
        assertThat(CampaignStateMachine.next(CampaignStatus.OPEN, CampaignAction.COMPLETE)).isEqualTo(CampaignStatus.COMPLETED);
        assertThat(CampaignStateMachine.target(CampaignStatus.DRAFT, CampaignAction.COMPLETE)).isEmpty();
        assertThat(CampaignStateMachine.target(CampaignStatus.DRAFT, CampaignAction.TOP_UP)).isEmpty();
        for (CampaignStatus ended : List.of(CampaignStatus.COMPLETED, CampaignStatus.CLOSED, CampaignStatus.EXPIRED)) {
            for (CampaignAction action : CampaignAction.values()) {
                assertThat(CampaignStateMachine.target(ended, action)).as(ended + " " + action).isEmpty();
            }
        }
        assertThatThrownBy(() -> CampaignStateMachine.next(CampaignStatus.CLOSED, CampaignAction.CLOSE))
                .hasMessageContaining("it has ended");
    }

    @Test
    void submissionsMoveOnlyAlongTheirTransitions() {
        assertThat(SubmissionStateMachine.target(SubmissionStatus.VERIFYING, SubmissionAction.PASS)).contains(SubmissionStatus.PAID);
        assertThat(SubmissionStateMachine.target(SubmissionStatus.IN_REVIEW, SubmissionAction.REJECT))
                .contains(SubmissionStatus.REJECTED);
        assertThat(SubmissionStateMachine.target(SubmissionStatus.REJECTED, SubmissionAction.APPEAL))
                .contains(SubmissionStatus.IN_REVIEW);
        assertThat(SubmissionStateMachine.target(SubmissionStatus.PAID, SubmissionAction.REJECT)).isEmpty();
        assertThat(SubmissionStateMachine.target(SubmissionStatus.FAILED, SubmissionAction.APPEAL)).isEmpty();
        assertThat(SubmissionStateMachine.target(SubmissionStatus.VERIFYING, SubmissionAction.APPROVE)).isEmpty();
    }

    @Test
    void responseTextMustBePlainTextWithinTheLimit() {
        assertThat(ResponseText.check("A fine answer.\nWith two lines\tand a tab.", 100)).isEmpty();
        assertThat(ResponseText.check(null, 100).orElseThrow().code()).isEqualTo("empty_response");
        assertThat(ResponseText.check(" \n ", 100).orElseThrow().code()).isEqualTo("empty_response");
        assertThat(ResponseText.check("x".repeat(101), 100).orElseThrow().code()).isEqualTo("response_too_long");
        assertThat(ResponseText.check("nul\u0000", 100).orElseThrow().code()).isEqualTo("binary_response");
        assertThat(ResponseText.check("escape\u001b[0m", 100).orElseThrow().code()).isEqualTo("binary_response");
        assertThat(ResponseText.check("bad \uFFFD byte", 100).orElseThrow().code()).isEqualTo("binary_response");
        assertThat(ResponseText.check("half \uD83D pair", 100).orElseThrow().code()).isEqualTo("binary_response");
        assertThat(ResponseText.check("emoji \uD83D\uDE00 ok", 100)).isEmpty();
        assertThat(ResponseText.words("It's a well-known fact: 3 apps, two weeks.")).isEqualTo(8);
        assertThat(ResponseText.words("   ")).isZero();
    }

    @Test
    void themesCountResponsesNotRepetitionsAndSkipStopWords() {
        Themes.Result themes = Themes.of(List.of(
                "The budget app budget app budget app helped.",
                "My budget app is great. Savings grew.",
                "Savings grew slowly, and the budget helped."), 5);
        assertThat(themes.terms().get(0)).isEqualTo(new Themes.Theme("budget", 3));
        assertThat(themes.terms()).extracting(Themes.Theme::text).doesNotContain("the", "my", "and", "is");
        assertThat(themes.phrases()).contains(new Themes.Theme("budget app", 2), new Themes.Theme("savings grew", 2));
        // A full stop ends a phrase: "great. Savings" is not one.
        assertThat(themes.phrases()).extracting(Themes.Theme::text).doesNotContain("great savings");
        assertThat(Themes.of(List.of(), 5).terms()).isEmpty();
    }
}
