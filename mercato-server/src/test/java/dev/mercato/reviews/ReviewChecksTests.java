package dev.mercato.reviews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The automatic checks and the settings that steer them, without the application around them. */
class ReviewChecksTests {

    private static final List<String> BANNED = List.of(" Rubbish ", "scam");

    private static ReviewChecks checks(String moderation) {
        return new ReviewChecks(new ReviewsProperties(moderation, 10, 60, 100, BANNED, 3, 3.5, 10));
    }

    @Test
    void cleanTextPassesAndIsApprovedAtOnceUnderAutoModeration() {
        ReviewChecks auto = checks("auto");

        List<String> reasons = auto.reasons("Clear and useful, I finished it in a week.", false);

        assertThat(reasons).isEmpty();
        assertThat(auto.verdict(reasons)).isEqualTo(ReviewState.APPROVED);
    }

    @Test
    void moderationAllSendsEvenCleanTextToTheQueue() {
        ReviewChecks all = checks("ALL");

        assertThat(all.verdict(all.reasons("Clear and useful, I finished it in a week.", false)))
                .isEqualTo(ReviewState.PENDING);
    }

    @Test
    void eachCheckNamesItsReason() {
        ReviewChecks auto = checks("auto");

        assertThat(auto.reasons("Too short", false)).containsExactly("too_short");
        assertThat(auto.reasons("x".repeat(30) + " " + "y".repeat(2) + " and a lot more words, far past sixty", false))
                .contains("too_long", "repetitive");
        assertThat(auto.reasons("Utter RUBBISH, avoid it.", false)).containsExactly("banned_words");
        assertThat(auto.reasons("A scammer wrote this? No.", false)).as("whole words only").isEmpty();
        assertThat(auto.reasons("See http://x.example for more.", false)).containsExactly("contains_link");
        assertThat(auto.reasons("Clear and useful, I finished it.", true)).containsExactly("duplicate_text");
        assertThat(auto.reasons("yes yes yes yes yes no", false)).containsExactly("repetitive");
        assertThat(auto.reasons("Wow?????? Really good.", false)).containsExactly("repetitive");
        assertThat(auto.reasons("Cost me 1000000 but worth it.", false)).as("digits may repeat").isEmpty();
    }

    @Test
    void theFingerprintIgnoresCaseAndSpacing() {
        assertThat(ReviewChecks.fingerprint("  Clear and\n useful ")).isEqualTo(ReviewChecks.fingerprint("clear AND useful"));
        assertThat(ReviewChecks.fingerprint("clear and useful")).isNotEqualTo(ReviewChecks.fingerprint("clear and useless"));
    }

    @Test
    void nonsenseSettingsStopTheApplicationFromStarting() {
        assertThatThrownBy(() -> new ReviewsProperties("sometimes", 10, 60, 100, BANNED, 3, 3.5, 10))
                .hasMessageContaining("moderation");
        assertThatThrownBy(() -> new ReviewsProperties("auto", 100, 60, 100, BANNED, 3, 3.5, 10))
                .hasMessageContaining("min-length");
        assertThatThrownBy(() -> new ReviewsProperties("auto", 10, 60, 100, BANNED, 3, 7, 10))
                .hasMessageContaining("prior-mean");
    }
}
