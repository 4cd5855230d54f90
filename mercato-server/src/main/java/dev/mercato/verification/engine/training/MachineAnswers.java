package dev.mercato.verification.engine.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine-written answers in {@code src/main/verification/machine-answers.txt}: each starts with a
 * line {@code @@ train|eval PROMPT_KEY}. Answers marked {@code train} (to prompts of their own) train
 * the AI-likelihood classifier; answers marked {@code eval} (to the evaluation prompts) only evaluate.
 */
public record MachineAnswers(List<Answer> answers) {

    public static final String FILE = "machine-answers.txt";

    public record Answer(String split, String prompt, String text) {
    }

    public static MachineAnswers read(Path dataDirectory) throws IOException {
        List<Answer> answers = new ArrayList<>();
        String split = null;
        String prompt = null;
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(dataDirectory.resolve(FILE), StandardCharsets.UTF_8)) {
            if (line.startsWith("@@ ")) {
                if (split != null) {
                    answers.add(new Answer(split, prompt, text.toString().strip()));
                }
                String[] parts = line.substring(3).trim().split("\\s+");
                split = parts[0];
                prompt = parts[1];
                text.setLength(0);
            } else if (split != null) {
                text.append(line).append('\n');
            }
        }
        if (split != null) {
            answers.add(new Answer(split, prompt, text.toString().strip()));
        }
        return new MachineAnswers(List.copyOf(answers));
    }

    public List<String> texts(String split) {
        return answers.stream().filter(a -> a.split().equals(split)).map(Answer::text).toList();
    }
}
