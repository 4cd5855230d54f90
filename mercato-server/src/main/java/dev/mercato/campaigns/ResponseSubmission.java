package dev.mercato.campaigns;

import dev.mercato.campaigns.core.ResponseText;
import dev.mercato.campaigns.core.SubmissionAction;
import dev.mercato.campaigns.core.SubmissionStateMachine;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import dev.mercato.verification.ResponseVerification;
import dev.mercato.verification.Thresholds;
import dev.mercato.verification.Verdict;
import dev.mercato.verification.VerificationRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A responder submits the response to a task. The task turns from reserved to submitted in one
 * conditional update (so a second submission, an expired reservation or a canceled one is refused)
 * and the response is stored as {@code verifying}; the verification engine scores it with no
 * transaction open; then one transaction, with the campaign's row locked, applies the verdict:
 * pass pays the slot from escrow, fail frees it, borderline moves it to the buyer's review queue.
 * A crash between the two leaves a {@code verifying} row the campaigns job verifies again.
 */
@Service
public class ResponseSubmission {

    private static final Logger log = LoggerFactory.getLogger(ResponseSubmission.class);

    private final Campaigns campaigns;
    private final Tasks tasks;
    private final Submissions submissions;
    private final Slots slots;
    private final CampaignRefunds refunds;
    private final ResponseVerification verification;
    private final CampaignsProperties properties;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;

    ResponseSubmission(Campaigns campaigns, Tasks tasks, Submissions submissions, Slots slots, CampaignRefunds refunds,
            ResponseVerification verification, CampaignsProperties properties, TransactionTemplate transactions,
            ApplicationEventPublisher events, AuditLog audit, Clock clock) {
        this.campaigns = campaigns;
        this.tasks = tasks;
        this.submissions = submissions;
        this.slots = slots;
        this.refunds = refunds;
        this.verification = verification;
        this.properties = properties;
        this.transactions = transactions;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @throws ApiException 400 {@code empty_response}, {@code response_too_long}, {@code binary_response};
     *                      404 {@code task_not_found}; 409 {@code already_submitted}, {@code reservation_expired},
     *                      {@code deadline_passed}, {@code task_canceled}, {@code task_not_reserved}
     */
    public Submission submit(String taskId, Caller caller, String text) {
        CampaignTask task = (Ids.hasPrefix(taskId, "tsk") ? tasks.find(taskId) : Optional.<CampaignTask>empty())
                .filter(t -> t.responderId().equals(caller.userId()))
                .orElseThrow(() -> ApiException.notFound("task_not_found", "you have no task " + taskId));
        ResponseText.check(text, properties.maxResponseCharacters()).ifPresent(problem -> {
            throw ApiException.invalid(problem.code(), problem.message());
        });
        String submissionId = transactions.execute(s -> {
            Instant now = clock.instant();
            Optional<Submission> earlier = submissions.ofTask(task.id());
            if (earlier.isPresent()) {
                throw new ApiException(409, "already_submitted", "task " + task.id() + " was already submitted as "
                        + earlier.get().id(), Map.of("submission_id", earlier.get().id()));
            }
            Campaign campaign = campaigns.find(task.campaignId()).orElseThrow();
            CampaignTask current = tasks.find(task.id()).orElseThrow();
            refuseUnlessSubmittable(current, campaign, now);
            if (!tasks.submit(task.id(), now)) {
                throw new ApiException(409, "already_submitted", "task " + task.id() + " is being submitted by another request");
            }
            String id = Ids.next("sub", clock);
            long seconds = Math.max(0, Duration.between(current.acceptedAt(), now).toSeconds());
            submissions.insert(id, current, text, ResponseText.words(text), seconds, now);
            audit.changed("campaign_submission", id, null, Map.of("task_id", task.id(), "campaign_id", campaign.id(),
                    "status", "verifying"));
            return id;
        });
        return verifyAndApply(submissionId);
    }

    private static void refuseUnlessSubmittable(CampaignTask task, Campaign campaign, Instant now) {
        switch (task.status()) {
            case "canceled" -> throw new ApiException(409, "task_canceled", "campaign " + campaign.id() + " ended ("
                    + campaign.status().code() + ") before this task was submitted");
            case "expired" -> throw new ApiException(409, "reservation_expired", "the reservation of task " + task.id()
                    + " ran out at " + task.expiresAt() + "; its slot went back to the pool");
            case "reserved" -> {
            }
            case "submitted" -> throw new ApiException(409, "already_submitted", "task " + task.id()
                    + " was already submitted");
            default -> throw new ApiException(409, "task_not_reserved", "task " + task.id() + " is " + task.status());
        }
        if (!campaign.deadline().isAfter(now)) {
            throw new ApiException(409, "deadline_passed", "campaign " + campaign.id() + " passed its deadline at "
                    + campaign.deadline());
        }
        if (!task.expiresAt().isAfter(now)) {
            throw new ApiException(409, "reservation_expired", "the reservation of task " + task.id() + " ran out at "
                    + task.expiresAt() + "; its slot goes back to the pool");
        }
    }

    /**
     * Scores a stored {@code verifying} submission and applies the verdict. An engine failure leaves
     * it verifying, for the campaigns job to try again.
     */
    Submission verifyAndApply(String submissionId) {
        Submission submission = submissions.find(submissionId).orElseThrow();
        Campaign campaign = campaigns.find(submission.campaignId()).orElseThrow();
        Verdict verdict;
        try {
            verdict = verification.verify(new VerificationRequest(campaign.id(), campaign.questions(), campaign.guidance(),
                    campaign.minimumWords(), submission.secondsSpent(), submission.responderId(), submission.text(),
                    new Thresholds(campaign.passThreshold(), campaign.borderlineThreshold())));
        } catch (RuntimeException e) {
            log.warn("submission {}: verification failed ({}); the campaigns job verifies it again", submissionId, e.toString());
            return submission;
        }
        Submission decided = apply(submissionId, verdict);
        if (decided.status() == SubmissionStatus.PAID && decided.transactionId() != null) {
            remember(decided);
        }
        refunds.send(decided.campaignId());
        return decided;
    }

    private Submission apply(String submissionId, Verdict verdict) {
        return transactions.execute(s -> {
            Submission unlocked = submissions.find(submissionId).orElseThrow();
            Campaign campaign = campaigns.lock(unlocked.campaignId()).orElseThrow();
            Submission submission = submissions.lock(submissionId).orElseThrow();
            if (submission.status() != SubmissionStatus.VERIFYING) {
                return submission;
            }
            Instant now = clock.instant();
            SubmissionAction action = switch (verdict.outcome()) {
                case PASS -> SubmissionAction.PASS;
                case FAIL -> SubmissionAction.FAIL;
                case BORDERLINE -> SubmissionAction.SEND_TO_REVIEW;
            };
            SubmissionStatus status = SubmissionStateMachine.target(submission.status(), action).orElseThrow();
            Instant reviewDue = status == SubmissionStatus.IN_REVIEW ? now.plus(Duration.ofDays(campaign.autoApproveDays())) : null;
            submissions.verified(submissionId, status, verdict, reviewDue, status != SubmissionStatus.FAILED, now);
            switch (status) {
                case PAID -> slots.pay(campaign, submission, Slots.Holder.TASK, null);
                case FAILED -> slots.free(campaign, Slots.Holder.TASK);
                case IN_REVIEW -> campaigns.move(campaign.id(), -1, 1, 0, 0, now);
                default -> throw new IllegalStateException(status.code());
            }
            Submission decided = submissions.find(submissionId).orElseThrow();
            events.publishEvent(new CampaignResponseReceived(campaign.id(), campaign.buyerId(), submissionId,
                    submission.responderId(), verdict.outcome().name().toLowerCase(), verdict.score(), status.code(), now));
            events.publishEvent(decided(campaign, decided, verdict, null, now));
            audit.changed("campaign_submission", submissionId, Map.of("status", "verifying"), summary(decided));
            return decided;
        });
    }

    static SubmissionDecided decided(Campaign campaign, Submission submission, Verdict verdict, String reason, Instant at) {
        List<String> failed = verdict == null ? List.of() : verdict.scorers().stream()
                .flatMap(r -> r.failedChecks() == null ? java.util.stream.Stream.<String>empty() : r.failedChecks().stream())
                .toList();
        return new SubmissionDecided(submission.id(), campaign.id(), campaign.title(), submission.responderId(),
                submission.status().code(), campaign.currency(), submission.earned() == null ? 0 : submission.earned(),
                failed, verdict == null || verdict.tips() == null ? List.of() : verdict.tips(), reason, at);
    }

    /** Adds an accepted response to the novelty corpus; a failure here never undoes the payment. */
    void remember(Submission paid) {
        try {
            verification.remember(paid.campaignId(), paid.responderId(), paid.id(), paid.text());
        } catch (RuntimeException e) {
            log.warn("submission {}: could not be remembered for novelty ({})", paid.id(), e.toString());
        }
    }

    /** Verifies again the submissions left verifying (the engine failed, or the instance stopped mid-way). */
    public int verifyStuck() {
        int done = 0;
        for (String id : submissions.stuckVerifying(clock.instant().minus(properties.verifyingTimeout()), 100)) {
            done += verifyAndApply(id).status() != SubmissionStatus.VERIFYING ? 1 : 0;
        }
        return done;
    }

    static Map<String, Object> summary(Submission s) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("status", s.status().code());
        summary.put("campaign_id", s.campaignId());
        summary.put("responder_id", s.responderId());
        summary.put("outcome", s.verdict() == null ? null : s.verdict().outcome().name().toLowerCase());
        summary.put("score", s.verdict() == null ? null : s.verdict().score());
        summary.put("earned", s.earned());
        summary.put("transaction_id", s.transactionId());
        summary.put("rejection_category", s.rejectionCategory());
        summary.put("appealed_at", s.appealedAt());
        return summary;
    }
}
