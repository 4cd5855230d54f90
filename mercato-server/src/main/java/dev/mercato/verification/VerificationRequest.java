package dev.mercato.verification;

import java.util.List;

/**
 * What to score.
 *
 * @param campaignId     the campaign the response answers; novelty compares against its earlier
 *                       responses; null when scoring a draft prompt that has no campaign yet
 * @param questions      the prompt's questions (at least one)
 * @param guidance       the buyer's guidance to responders, may be empty
 * @param minimumWords   the campaign's minimum length in words
 * @param secondsSpent   seconds between accepting the task and submitting, null when unknown
 * @param responderId    whose history novelty also compares against, null when unknown
 * @param text           the response
 * @param thresholds     the campaign's pass and borderline thresholds
 */
public record VerificationRequest(String campaignId, List<String> questions, String guidance, int minimumWords,
        Long secondsSpent, String responderId, String text, Thresholds thresholds) {
}
