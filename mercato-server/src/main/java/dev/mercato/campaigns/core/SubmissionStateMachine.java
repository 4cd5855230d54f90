package dev.mercato.campaigns.core;

import dev.mercato.campaigns.SubmissionStatus;
import java.util.Optional;

/**
 * The one transition table of submissions: verifying → paid (pass) | failed (fail) | in_review
 * (borderline); in_review → paid (approved by the buyer or automatically) | rejected; rejected →
 * in_review once, by the responder's appeal. Paid and failed are final; whether a rejection may
 * still be appealed is the submission's own state (appealed once, window open).
 */
public final class SubmissionStateMachine {

    private static final TransitionTable<SubmissionStatus, SubmissionAction> TABLE =
            new TransitionTable<>(SubmissionStatus.class, SubmissionAction.class)
                    .allow(SubmissionStatus.VERIFYING, SubmissionAction.PASS, SubmissionStatus.PAID)
                    .allow(SubmissionStatus.VERIFYING, SubmissionAction.FAIL, SubmissionStatus.FAILED)
                    .allow(SubmissionStatus.VERIFYING, SubmissionAction.SEND_TO_REVIEW, SubmissionStatus.IN_REVIEW)
                    .allow(SubmissionStatus.IN_REVIEW, SubmissionAction.APPROVE, SubmissionStatus.PAID)
                    .allow(SubmissionStatus.IN_REVIEW, SubmissionAction.REJECT, SubmissionStatus.REJECTED)
                    .allow(SubmissionStatus.REJECTED, SubmissionAction.APPEAL, SubmissionStatus.IN_REVIEW);

    private SubmissionStateMachine() {
    }

    public static Optional<SubmissionStatus> target(SubmissionStatus from, SubmissionAction action) {
        return TABLE.target(from, action);
    }
}
