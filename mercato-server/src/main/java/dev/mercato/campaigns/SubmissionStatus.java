package dev.mercato.campaigns;

/** A submission: being verified, then paid, failed, in the buyer's review queue, or rejected. */
public enum SubmissionStatus {
    VERIFYING, PAID, FAILED, IN_REVIEW, REJECTED;

    public String code() {
        return name().toLowerCase();
    }

    public static SubmissionStatus of(String code) {
        return valueOf(code.toUpperCase());
    }
}
