package dev.mercato.verification.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Effort: length against the campaign's minimum, structure (sentences, paragraphs for long answers),
 * and — when the time between accepting the task and submitting is known — whether that many words
 * could have been written in that time. Composing runs at 20 to 40 words a minute; up to
 * {@value #PLAUSIBLE_WPM} counts as plausible, {@value #IMPOSSIBLE_WPM} and faster as pasted.
 */
public final class EffortScorer implements Scorer {

    static final double PLAUSIBLE_WPM = 80;
    static final double IMPOSSIBLE_WPM = 250;

    @Override
    public String name() {
        return "effort";
    }

    @Override
    public String version() {
        return "effort-v1+wpm80-250";
    }

    @Override
    public double weight() {
        return 0.15;
    }

    @Override
    public boolean intrinsic() {
        return false;
    }

    @Override
    public Score score(Input input) {
        Text text = input.text();
        int words = text.wordCount();
        int minimum = Math.max(1, input.request().minimumWords());
        List<Check> failed = new ArrayList<>();
        double ratio = (double) words / minimum;
        double length = ratio >= 1 ? 1 : ratio * ratio;
        if (ratio < 1) {
            failed.add(new Check("too_short", "Write at least " + minimum + " words; this answer has " + words + "."));
        }
        int sentences = text.sentences().size();
        double structure = 1;
        if (words >= 40 && sentences < 3) {
            structure -= 0.5;
            failed.add(new Check("few_sentences", "Break the answer into complete sentences, one idea each."));
        }
        if (sentences > 0 && (double) words / sentences > 60) {
            structure -= 0.3;
        }
        if (words >= 300 && text.paragraphs() < 2) {
            structure -= 0.2;
            failed.add(new Check("no_paragraphs", "Split a long answer into paragraphs so it is easy to follow."));
        }
        double time = 1;
        String pace = "time spent unknown";
        Long seconds = input.request().secondsSpent();
        if (seconds != null) {
            double wpm = words * 60.0 / Math.max(seconds, 1);
            time = wpm <= PLAUSIBLE_WPM ? 1 : Math.max(0, 1 - (wpm - PLAUSIBLE_WPM) / (IMPOSSIBLE_WPM - PLAUSIBLE_WPM));
            pace = String.format(java.util.Locale.ROOT, "%d words in %d s = %.0f words a minute", words, seconds, wpm);
            if (wpm > PLAUSIBLE_WPM) {
                failed.add(new Check("too_fast", "The answer arrived faster than it can be written. Take the time to write it yourself rather than pasting it in."));
            }
        }
        double score = length * (0.7 + 0.3 * Math.max(0, structure)) * time;
        String explanation = String.format(java.util.Locale.ROOT, "%d of %d words required, %d sentences in %d paragraphs, %s.",
                words, minimum, sentences, text.paragraphs(), pace);
        return Score.of(this, score, explanation, failed);
    }
}
