package dev.mercato.verification;

/** What a verdict decides. */
public enum Outcome {
    PASS, BORDERLINE, FAIL
}
