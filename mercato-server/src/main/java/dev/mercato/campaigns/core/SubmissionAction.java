package dev.mercato.campaigns.core;

/** What can happen to a submission. */
public enum SubmissionAction {
    PASS, FAIL, SEND_TO_REVIEW, APPROVE, REJECT, APPEAL
}
