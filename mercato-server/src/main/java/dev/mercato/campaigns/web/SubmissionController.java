package dev.mercato.campaigns.web;

import dev.mercato.campaigns.ResponseSubmission;
import dev.mercato.campaigns.Submission;
import dev.mercato.campaigns.SubmissionReview;
import dev.mercato.platform.Caller;
import dev.mercato.verification.ScorerResult;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Responders submit and appeal; buyers review; both read a submission with its verdict. */
@RestController
class SubmissionController {

    private final ResponseSubmission responses;
    private final SubmissionReview review;

    SubmissionController(ResponseSubmission responses, SubmissionReview review) {
        this.responses = responses;
        this.review = review;
    }

    record SubmitRequest(String text) {
    }

    record ReviewRequest(String decision, String reason, String category) {
    }

    record AppealRequest(String message) {
    }

    record Scorer(String scorer, String version, double score, double weight, String explanation, List<String> failedChecks) {
        static Scorer of(ScorerResult r) {
            return new Scorer(r.scorer(), r.version(), r.score(), r.weight(), r.explanation(),
                    r.failedChecks() == null ? List.of() : r.failedChecks());
        }
    }

    record VerdictView(String outcome, double score, List<Scorer> scorers, List<String> tips, String textSha256,
            Instant scoredAt) {
    }

    record Review(String rejectionReason, String rejectionCategory, Instant rejectedAt, Instant appealUntil,
            String appealMessage, Instant appealedAt, Instant reviewDueAt, String approvedBy) {
    }

    record Payment(long earned, long protocolFee, long processorFee, String transactionId) {
    }

    record SubmissionView(String id, String object, String taskId, String campaignId, String responderId, String status,
            String text, int words, long secondsSpent, VerdictView verdict, Review review, Payment payment,
            Instant submittedAt, Instant decidedAt) {
        static SubmissionView of(Submission s) {
            VerdictView verdict = s.verdict() == null ? null : new VerdictView(s.verdict().outcome().name().toLowerCase(),
                    s.verdict().score(), s.verdict().scorers().stream().map(Scorer::of).toList(),
                    s.verdict().tips() == null ? List.of() : s.verdict().tips(), s.verdict().textSha256(), s.verdict().scoredAt());
            Review review = s.reviewDueAt() == null && s.rejectedAt() == null && s.approvedBy() == null ? null
                    : new Review(s.rejectionReason(), s.rejectionCategory(), s.rejectedAt(), s.appealUntil(), s.appealText(),
                    s.appealedAt(), s.reviewDueAt(), s.approvedBy());
            Payment payment = s.earned() == null ? null
                    : new Payment(s.earned(), s.protocolFee(), s.processorFee(), s.transactionId());
            return new SubmissionView(s.id(), "campaign_submission", s.taskId(), s.campaignId(), s.responderId(),
                    s.status().code(), s.text(), s.words(), s.secondsSpent(), verdict, review, payment, s.submittedAt(),
                    s.decidedAt());
        }
    }

    /** Submits the response to a reserved task; the answer carries the verdict, and the payment when it passed. */
    @PostMapping("/v1/tasks/{id}/submission")
    @ResponseStatus(HttpStatus.CREATED)
    SubmissionView submit(Caller caller, @PathVariable String id, @RequestBody SubmitRequest body) {
        return SubmissionView.of(responses.submit(id, caller, body.text()));
    }

    @GetMapping("/v1/submissions/{id}")
    SubmissionView get(Caller caller, @PathVariable String id) {
        return SubmissionView.of(review.visible(id, caller));
    }

    @PostMapping("/v1/submissions/{id}/review")
    SubmissionView review(Caller caller, @PathVariable String id, @RequestBody ReviewRequest body) {
        return SubmissionView.of(review.review(id, caller, body.decision(), body.reason(), body.category()));
    }

    @PostMapping("/v1/submissions/{id}/appeal")
    SubmissionView appeal(Caller caller, @PathVariable String id, @RequestBody(required = false) AppealRequest body) {
        return SubmissionView.of(review.appeal(id, caller, body == null ? null : body.message()));
    }
}
