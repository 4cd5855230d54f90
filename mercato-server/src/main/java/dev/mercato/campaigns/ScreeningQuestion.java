package dev.mercato.campaigns;

/** A question a responder answers when accepting a task; only the required answer (any case) lets them in. */
public record ScreeningQuestion(String question, String requiredAnswer) {
}
