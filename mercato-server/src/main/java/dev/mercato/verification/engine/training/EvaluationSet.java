package dev.mercato.verification.engine.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shipped evaluation set: nine prompts, one per corpus category, and for each of them
 * <ul>
 * <li>{@code human}: passages of 120 to 300 words from the held-out corpus documents of the prompt's
 * category (never trained on), the first {@value #HUMAN_PER_PROMPT} in document order;</li>
 * <li>{@code machine}: the {@code eval} machine-written answers to the prompt;</li>
 * <li>{@code copied}: made by construction — a verbatim copy of an earlier human answer, the same with
 * a sentence dropped and every seventh word changed, a template answer filled in again by another
 * responder and by its own author after its first filling was remembered ({@code earlier}), and an
 * answer that restates the prompt;</li>
 * <li>{@code off_topic}: held-out human passages of a category far from the prompt's.</li>
 * </ul>
 * Every response is scored in the campaign of its prompt; human answers are remembered after scoring,
 * as the campaign module remembers accepted submissions.
 */
public record EvaluationSet(List<Prompt> prompts, List<Case> cases) {

    static final int HUMAN_PER_PROMPT = 8;
    static final int OFF_TOPIC_PER_PROMPT = 3;
    public static final int MINIMUM_WORDS = 100;

    public enum Kind {
        HUMAN, MACHINE, COPIED, OFF_TOPIC,
        /** Not a test case: an earlier response remembered before the campaign's cases are scored. */
        EARLIER
    }

    public record Prompt(String key, String category, String farCategory, String question, String guidance) {
    }

    /** One response to score; {@code remember} ones join the campaign's novelty corpus after scoring. */
    public record Case(Prompt prompt, Kind kind, String label, String responder, String text, boolean remember) {
    }

    public static final List<Prompt> PROMPTS = List.of(
            new Prompt("news", "news", "romance",
                    "Tell us about a recent event in your town or city, such as an election, a court case, a council decision or a local controversy, and what it meant for the people who live there.",
                    "Say what happened, who was involved (officials, voters, police, the council or the courts) and what changed as a result."),
            new Prompt("religion", "religion", "adventure",
                    "What part does faith, the church or religious belief play in the life of a community you know?",
                    "Write about beliefs, worship, the church, God, prayer or moral questions and what they mean to the people involved."),
            new Prompt("hobbies", "hobbies", "belles_lettres",
                    "Describe a hobby, craft or practical skill you know well and explain how a beginner should get started.",
                    "Cover the equipment or materials, the first steps, common mistakes and how to improve."),
            new Prompt("government", "government", "mystery",
                    "How should a public program or government agency be organized to serve citizens well?",
                    "Discuss funds, administration, the responsibilities of federal or state officials, and how results should be measured."),
            new Prompt("editorial", "editorial", "learned",
                    "Take a position on a public question of the day and argue for it.",
                    "State your view, give the strongest reasons and evidence, and answer the best argument on the other side."),
            new Prompt("reviews", "reviews", "government",
                    "Review a performance, recording, book or exhibition you experienced.",
                    "Say what the work was, describe the performers or the author's style, and judge what succeeded and what did not."),
            new Prompt("learned", "learned", "fiction",
                    "Explain a scientific or technical idea so that a general reader can understand it.",
                    "Define the terms, describe how it works, and give an example of where it is used or measured."),
            new Prompt("lore", "lore", "learned",
                    "Tell about a place, a custom or a piece of history that you find interesting.",
                    "Describe the people, the time and the setting, and why it has stayed with you."),
            new Prompt("belles_lettres", "belles_lettres", "hobbies",
                    "Reflect on a writer, artist or thinker and what their work shows about their time.",
                    "Discuss their ideas, their style and the world they lived in, with examples."));

    public static EvaluationSet build(Path corpusDirectory, Path dataDirectory) throws IOException {
        List<BrownCorpus.Document> heldOut = BrownCorpus.read(corpusDirectory).stream().filter(BrownCorpus.Document::heldOut).toList();
        MachineAnswers machine = MachineAnswers.read(dataDirectory);
        List<Case> cases = new ArrayList<>();
        for (Prompt prompt : PROMPTS) {
            List<String> human = passages(heldOut, prompt.category(), HUMAN_PER_PROMPT);
            for (int i = 0; i < human.size(); i++) {
                cases.add(new Case(prompt, Kind.HUMAN, "human " + (i + 1), "usr_h_" + prompt.key() + "_" + i, human.get(i), true));
            }
            List<String> generated = machine.answers().stream()
                    .filter(a -> a.split().equals("eval") && a.prompt().equals(prompt.key())).map(MachineAnswers.Answer::text).toList();
            for (int i = 0; i < generated.size(); i++) {
                cases.add(new Case(prompt, Kind.MACHINE, "machine " + (i + 1), "usr_m_" + prompt.key() + "_" + i, generated.get(i), false));
            }
            cases.add(new Case(prompt, Kind.COPIED, "verbatim copy", "usr_c1_" + prompt.key(), human.getFirst(), false));
            cases.add(new Case(prompt, Kind.COPIED, "edited copy", "usr_c2_" + prompt.key(), edited(human.get(1)), false));
            cases.add(new Case(prompt, Kind.EARLIER, "template, first filling", "usr_t_" + prompt.key(),
                    template(prompt, "my own town", "the local newspaper", "three years"), true));
            cases.add(new Case(prompt, Kind.COPIED, "template, second filling", "usr_t2_" + prompt.key(),
                    template(prompt, "the county", "a neighbor of ours", "many months"), false));
            cases.add(new Case(prompt, Kind.COPIED, "template, reused by its author", "usr_t_" + prompt.key(),
                    template(prompt, "our village", "the radio", "two summers"), false));
            cases.add(new Case(prompt, Kind.COPIED, "restates the prompt", "usr_p_" + prompt.key(), restated(prompt), false));
            List<String> far = passages(heldOut, prompt.farCategory(), OFF_TOPIC_PER_PROMPT);
            for (int i = 0; i < far.size(); i++) {
                cases.add(new Case(prompt, Kind.OFF_TOPIC, "off-topic " + (i + 1) + " (" + prompt.farCategory() + ")",
                        "usr_o_" + prompt.key() + "_" + i, far.get(i), false));
            }
        }
        // The template's first filling is remembered before anything of its campaign is scored.
        List<Case> ordered = new ArrayList<>();
        cases.stream().filter(c -> c.kind() == Kind.EARLIER).forEach(ordered::add);
        cases.stream().filter(c -> c.kind() != Kind.EARLIER).forEach(ordered::add);
        return new EvaluationSet(PROMPTS, List.copyOf(ordered));
    }

    /** The first passages of the held-out documents of a category, taken from each document in turn. */
    static List<String> passages(List<BrownCorpus.Document> documents, String category, int count) {
        List<List<String>> perDocument = documents.stream().filter(d -> d.category().equals(category))
                .map(d -> d.passages(120, 300)).toList();
        List<String> out = new ArrayList<>();
        for (int round = 0; out.size() < count; round++) {
            boolean any = false;
            for (List<String> passages : perDocument) {
                if (round < passages.size() && out.size() < count) {
                    out.add(passages.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return out;
    }

    /** A copy with its second sentence dropped and every seventh word swapped for another. */
    static String edited(String text) {
        String[] sentences = text.split("(?<=[.!?]) ");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sentences.length; i++) {
            if (i != 1) {
                out.append(i == 0 ? "" : " ").append(sentences[i]);
            }
        }
        String[] words = out.toString().split(" ");
        List<String> swaps = List.of("really", "quite", "certain", "various", "particular", "also");
        for (int i = 6; i < words.length; i += 7) {
            if (words[i].matches("[a-z]+")) {
                words[i] = swaps.get(i % swaps.size());
            }
        }
        return String.join(" ", words);
    }

    /** The same skeleton a responder pastes into every task, with a few slots filled in. */
    static String template(Prompt prompt, String place, String source, String time) {
        return Map.of("place", place, "source", source, "time", time).entrySet().stream()
                .reduce("""
                        I have thought about this question for a long time, and I want to give an honest answer based on \
                        what I have seen in {place} over the last {time}. The most important thing, in my view, is that \
                        people pay attention to the details and talk with each other before they make up their minds.

                        When I first heard about it from {source}, I was not sure what to think. Over the following weeks \
                        I asked friends and family what they believed, and I read everything I could find. Some of them \
                        agreed with me and some did not, but all of them had reasons worth hearing.

                        In the end I decided that the question matters because it touches the everyday lives of ordinary \
                        people. That is why I think everyone should look at it carefully, weigh the arguments on each side, \
                        and come to a judgment of their own rather than repeating what others say.""",
                        (text, slot) -> text.replace("{" + slot.getKey() + "}", slot.getValue()), (a, b) -> a);
    }

    /** An answer made of the prompt's own words, repeated, with a sentence of filler. */
    static String restated(Prompt prompt) {
        return prompt.question() + " " + prompt.guidance() + "\n\nThis is my answer. " + prompt.question() + " "
                + prompt.guidance() + " " + prompt.question() + " I think it is a very good question and I have answered it above.";
    }
}
