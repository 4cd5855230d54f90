package dev.mercato.campaigns;

import dev.mercato.campaigns.core.SubmissionAction;
import dev.mercato.campaigns.core.SubmissionStateMachine;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The buyer's review queue: borderline responses are approved (paid from escrow) or rejected with
 * a reason of at least 100 characters and a category, at most a configured number of rejections
 * per buyer in 24 hours. A rejected response keeps its slot while the responder may appeal (once,
 * within the appeal window), which sends it back to review; a response nobody reviews in time is
 * approved by the campaigns job.
 */
@Service
public class SubmissionReview {

    /** Why a response may be rejected (after Prolific's rejection categories). */
    public static final List<String> REJECTION_CATEGORIES = List.of("low_effort", "off_topic", "did_not_answer_question",
            "copied_or_templated", "machine_generated", "failed_screening", "other");
    static final int MIN_REASON = 100;
    static final int MAX_TEXT = 2_000;

    private final Campaigns campaigns;
    private final Submissions submissions;
    private final Slots slots;
    private final ResponseSubmission responses;
    private final CampaignRefunds refunds;
    private final CampaignsProperties properties;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    SubmissionReview(Campaigns campaigns, Submissions submissions, Slots slots, ResponseSubmission responses,
            CampaignRefunds refunds, CampaignsProperties properties, TransactionTemplate transactions,
            ApplicationEventPublisher events, JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.campaigns = campaigns;
        this.submissions = submissions;
        this.slots = slots;
        this.responses = responses;
        this.refunds = refunds;
        this.properties = properties;
        this.transactions = transactions;
        this.events = events;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public Optional<Submission> find(String id) {
        return Ids.hasPrefix(id, "sub") ? submissions.find(id) : Optional.empty();
    }

    /** A submission its responder, the campaign's buyer or an operator may see. */
    public Submission visible(String id, Caller caller) {
        return find(id).filter(s -> caller.mayAccess(s.responderId())
                        || campaigns.find(s.campaignId()).map(c -> caller.mayAccess(c.buyerId())).orElse(false))
                .orElseThrow(() -> notFound(id));
    }

    public List<Submission> ofCampaign(String campaignId, SubmissionStatus status, String startingAfter, int limit) {
        return submissions.ofCampaign(campaignId, status == null ? null : status.code(), startingAfter, limit);
    }

    /**
     * @param decision {@code approve} or {@code reject}
     * @throws ApiException 400 {@code invalid_decision}, {@code invalid_reason}, {@code invalid_category};
     *                      409 {@code not_in_review}; 429 {@code rejection_limit_reached}
     */
    public Submission review(String submissionId, Caller caller, String decision, String reason, String category) {
        Submission submission = find(submissionId).orElseThrow(() -> notFound(submissionId));
        Campaign campaign = campaigns.find(submission.campaignId()).filter(c -> caller.mayAccess(c.buyerId()))
                .orElseThrow(() -> notFound(submissionId));
        boolean approve = "approve".equals(decision);
        if (!approve && !"reject".equals(decision)) {
            throw ApiException.invalid("invalid_decision", "decision is approve or reject");
        }
        if (!approve) {
            if (reason == null || reason.strip().length() < MIN_REASON || reason.length() > MAX_TEXT) {
                throw ApiException.invalid("invalid_reason", "a rejection needs a reason of " + MIN_REASON + " to " + MAX_TEXT
                        + " characters that tells the responder what was missing");
            }
            if (category == null || !REJECTION_CATEGORIES.contains(category)) {
                throw ApiException.invalid("invalid_category", "category is one of " + String.join(", ", REJECTION_CATEGORIES));
            }
        }
        Submission decided = transactions.execute(s -> {
            if (!approve) {
                // One buyer's rejections are counted one at a time, so the daily cap holds under concurrent reviews.
                jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:key))").param("key", "campaign-rejections:" + campaign.buyerId())
                        .query(Object.class).single();
            }
            Campaign locked = campaigns.lock(campaign.id()).orElseThrow();
            Submission current = submissions.lock(submissionId).orElseThrow();
            if (current.status() != SubmissionStatus.IN_REVIEW) {
                throw new ApiException(409, "not_in_review", "submission " + submissionId + " is " + current.status().code()
                        + "; only responses in review are approved or rejected");
            }
            Instant now = clock.instant();
            if (approve) {
                return approve(locked, current, caller.userId(), now);
            }
            int recent = submissions.rejectionsBy(campaign.buyerId(), now.minus(Duration.ofDays(1)));
            if (recent >= properties.maxRejectionsPerDay()) {
                throw new ApiException(429, "rejection_limit_reached", "you rejected " + recent + " responses in the last 24"
                        + " hours, the most allowed (" + properties.maxRejectionsPerDay() + "); approve it, or review it later");
            }
            return reject(locked, current, campaign.buyerId(), reason.strip(), category, now);
        });
        if (decided.status() == SubmissionStatus.PAID) {
            responses.remember(decided);
        }
        refunds.send(decided.campaignId());
        return decided;
    }

    private Submission approve(Campaign campaign, Submission submission, String approvedBy, Instant now) {
        SubmissionStateMachine.target(submission.status(), SubmissionAction.APPROVE).orElseThrow();
        slots.pay(campaign, submission, Slots.Holder.REVIEW, approvedBy);
        Submission paid = submissions.find(submission.id()).orElseThrow();
        events.publishEvent(ResponseSubmission.decided(campaign, paid, paid.verdict(), null, now));
        audit.changed("campaign_submission", submission.id(), ResponseSubmission.summary(submission),
                ResponseSubmission.summary(paid));
        return paid;
    }

    private Submission reject(Campaign campaign, Submission submission, String buyerId, String reason, String category,
            Instant now) {
        SubmissionStateMachine.target(submission.status(), SubmissionAction.REJECT).orElseThrow();
        boolean appealable = submission.appealedAt() == null;
        submissions.rejected(submission.id(), reason, category, buyerId,
                appealable ? now.plus(Duration.ofDays(properties.appealDays())) : null, appealable, now);
        if (!appealable) {
            slots.free(campaign, Slots.Holder.REVIEW);
        }
        Submission rejected = submissions.find(submission.id()).orElseThrow();
        events.publishEvent(ResponseSubmission.decided(campaign, rejected, rejected.verdict(), reason, now));
        audit.changed("campaign_submission", submission.id(), ResponseSubmission.summary(submission),
                ResponseSubmission.summary(rejected));
        return rejected;
    }

    /**
     * The responder appeals a rejection, once and within the appeal window: the response goes back
     * to the buyer's review queue, its slot still held.
     *
     * @throws ApiException 409 {@code appeal_not_allowed}
     */
    public Submission appeal(String submissionId, Caller caller, String message) {
        Submission submission = find(submissionId).filter(s -> caller.mayAccess(s.responderId()))
                .orElseThrow(() -> notFound(submissionId));
        if (message != null && message.length() > MAX_TEXT) {
            throw ApiException.invalid("invalid_message", "an appeal's message has at most " + MAX_TEXT + " characters");
        }
        return transactions.execute(s -> {
            Campaign campaign = campaigns.lock(submission.campaignId()).orElseThrow();
            Submission current = submissions.lock(submissionId).orElseThrow();
            Instant now = clock.instant();
            if (current.status() != SubmissionStatus.REJECTED || current.appealedAt() != null || !current.holdsSlot()
                    || current.appealUntil() == null || !current.appealUntil().isAfter(now)) {
                throw new ApiException(409, "appeal_not_allowed", "submission " + submissionId + " cannot be appealed: "
                        + (current.status() != SubmissionStatus.REJECTED ? "it is " + current.status().code()
                        : current.appealedAt() != null ? "it was appealed once already" : "the appeal window has closed"));
            }
            SubmissionStateMachine.target(current.status(), SubmissionAction.APPEAL).orElseThrow();
            submissions.appealed(submissionId, message == null ? "" : message.strip(),
                    now.plus(Duration.ofDays(campaign.autoApproveDays())), now);
            Submission appealed = submissions.find(submissionId).orElseThrow();
            audit.changed("campaign_submission", submissionId, ResponseSubmission.summary(current),
                    ResponseSubmission.summary(appealed));
            return appealed;
        });
    }

    /** Approves the responses whose review is overdue (the campaigns job). */
    public int approveOverdue() {
        int approved = 0;
        for (String id : submissions.reviewDue(clock.instant(), 100)) {
            Submission paid = transactions.execute(s -> {
                Submission unlocked = submissions.find(id).orElseThrow();
                Campaign campaign = campaigns.lock(unlocked.campaignId()).orElseThrow();
                Submission current = submissions.lock(id).orElseThrow();
                Instant now = clock.instant();
                if (current.status() != SubmissionStatus.IN_REVIEW || current.reviewDueAt().isAfter(now)) {
                    return null;
                }
                return approve(campaign, current, "auto_approval", now);
            });
            if (paid != null) {
                responses.remember(paid);
                refunds.send(paid.campaignId());
                approved++;
            }
        }
        return approved;
    }

    /** Frees the slots of rejections whose appeal window closed unused (the campaigns job). */
    public int closeAppealWindows() {
        int closed = 0;
        for (String id : submissions.appealWindowOver(clock.instant(), 100)) {
            String campaignId = transactions.execute(s -> {
                Submission unlocked = submissions.find(id).orElseThrow();
                Campaign campaign = campaigns.lock(unlocked.campaignId()).orElseThrow();
                Submission current = submissions.lock(id).orElseThrow();
                if (current.status() != SubmissionStatus.REJECTED || !current.holdsSlot()
                        || current.appealUntil().isAfter(clock.instant())) {
                    return null;
                }
                submissions.releaseSlot(id);
                slots.free(campaign, Slots.Holder.REVIEW);
                return campaign.id();
            });
            if (campaignId != null) {
                refunds.send(campaignId);
                closed++;
            }
        }
        return closed;
    }

    static ApiException notFound(String id) {
        return ApiException.notFound("submission_not_found", "no submission " + id);
    }
}
