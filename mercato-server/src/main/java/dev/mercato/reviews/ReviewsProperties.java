package dev.mercato.reviews;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.reviews.*} (docs/reviews.md).
 *
 * @param moderation      {@code auto}: a review that passes every automatic check is approved at once,
 *                        the others wait in the queue; {@code all}: every review waits for an operator
 * @param minLength       shorter text goes to the queue ({@code too_short})
 * @param maxLength       longer text goes to the queue ({@code too_long}); replies longer than this are refused
 * @param textLimit       longer text is refused outright ({@code text_too_long}); no one moderates a novel
 * @param bannedWords     whole words (any case) that send a review to the queue ({@code banned_words})
 * @param reportThreshold reports since the last moderation decision that send an approved review back to the queue
 * @param priorMean       the Bayesian average's prior: the rating a listing is assumed to have before reviews
 * @param priorWeight     how many reviews the prior counts as
 */
@ConfigurationProperties("mercato.reviews")
record ReviewsProperties(@DefaultValue("auto") String moderation, @DefaultValue("10") int minLength,
        @DefaultValue("2000") int maxLength, @DefaultValue("10000") int textLimit,
        @DefaultValue({"fuck", "fucking", "shit", "bitch", "asshole", "cunt", "bastard", "retard"}) List<String> bannedWords,
        @DefaultValue("3") int reportThreshold, @DefaultValue("3.5") double priorMean,
        @DefaultValue("10") double priorWeight) {

    ReviewsProperties {
        moderation = moderation.toLowerCase(Locale.ROOT);
        if (!moderation.equals("auto") && !moderation.equals("all")) {
            throw new IllegalArgumentException("mercato.reviews.moderation must be auto or all, not " + moderation);
        }
        if (minLength < 1 || maxLength < minLength || textLimit < maxLength) {
            throw new IllegalArgumentException("mercato.reviews needs 1 <= min-length <= max-length <= text-limit");
        }
        if (reportThreshold < 1 || priorWeight < 0 || priorMean < 1 || priorMean > 5) {
            throw new IllegalArgumentException(
                    "mercato.reviews needs report-threshold >= 1, prior-weight >= 0 and prior-mean between 1 and 5");
        }
        bannedWords = bannedWords.stream().map(w -> w.strip().toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).toList();
    }

    boolean moderateAll() {
        return moderation.equals("all");
    }
}
