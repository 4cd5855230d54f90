package dev.mercato.campaigns.web;

import dev.mercato.campaigns.Campaign;
import dev.mercato.campaigns.CampaignAnalytics;
import dev.mercato.campaigns.CampaignFunding;
import dev.mercato.campaigns.CampaignManagement;
import dev.mercato.campaigns.CampaignStatus;
import dev.mercato.campaigns.CampaignTask;
import dev.mercato.campaigns.Funding;
import dev.mercato.campaigns.NewCampaign;
import dev.mercato.campaigns.ScreeningQuestion;
import dev.mercato.campaigns.Submission;
import dev.mercato.campaigns.SubmissionReview;
import dev.mercato.campaigns.SubmissionStatus;
import dev.mercato.campaigns.TaskAcceptance;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Buyers create, fund, close and study campaigns; responders list open ones and accept tasks. */
@RestController
class CampaignController {

    private static final String[] EXPORT_HEADER = {"submission_id", "task_id", "responder_id", "status", "outcome", "score",
            "words", "seconds_spent", "submitted_at", "decided_at", "earned", "rejection_category", "text"};

    private final CampaignManagement campaigns;
    private final CampaignFunding funding;
    private final TaskAcceptance tasks;
    private final SubmissionReview review;
    private final CampaignAnalytics analytics;

    CampaignController(CampaignManagement campaigns, CampaignFunding funding, TaskAcceptance tasks, SubmissionReview review,
            CampaignAnalytics analytics) {
        this.campaigns = campaigns;
        this.funding = funding;
        this.tasks = tasks;
        this.review = review;
        this.analytics = analytics;
    }

    record Thresholds(Double pass, Double borderline) {
    }

    record CreateRequest(String title, List<String> questions, String guidance, Long reward, String currency, Integer target,
            Instant deadline, Integer minimumWords, List<ScreeningQuestion> screening, Thresholds thresholds,
            Integer autoApproveDays, Integer reservationMinutes) {
    }

    record FundRequest(String paymentMethod, Integer target, Long amount, String fundingId) {
    }

    record TaskRequest(List<String> screeningAnswers) {
    }

    record Slots(int funded, int reserved, int reviewing, int paid, int refunded, int available) {
    }

    record ScreeningView(String question) {
    }

    record CampaignView(String id, String object, String buyerId, String title, List<String> questions, String guidance,
            List<ScreeningView> screening, String currency, long reward, long fundingFee, long slotCost, int target,
            Slots slots, int minimumWords, Thresholds thresholds, int autoApproveDays, int reservationMinutes,
            Instant deadline, String status, Instant createdAt, Instant endedAt) {
        static CampaignView of(Campaign c) {
            return new CampaignView(c.id(), "campaign", c.buyerId(), c.title(), c.questions(), c.guidance(),
                    c.screening().stream().map(s -> new ScreeningView(s.question())).toList(), c.currency(), c.reward(),
                    c.slotFee(), c.slotCost(), c.target(), new Slots(c.funded(), c.reserved(), c.reviewing(), c.paid(),
                    c.refunded(), c.available()), c.minimumWords(), new Thresholds(c.passThreshold(),
                    c.borderlineThreshold()), c.autoApproveDays(), c.reservationMinutes(), c.deadline(), c.status().code(),
                    c.createdAt(), c.endedAt());
        }
    }

    record FundingView(String id, String object, String campaignId, int slots, int target, long amount, String currency,
            String status, String paymentId, long refunded, Instant createdAt, CampaignView campaign) {
    }

    record TaskView(String id, String object, String campaignId, String responderId, String status, Instant acceptedAt,
            Instant expiresAt) {
        static TaskView of(CampaignTask t) {
            return new TaskView(t.id(), "campaign_task", t.campaignId(), t.responderId(), t.status(), t.acceptedAt(),
                    t.expiresAt());
        }
    }

    @PostMapping("/v1/campaigns")
    @ResponseStatus(HttpStatus.CREATED)
    CampaignView create(Caller caller, @RequestBody CreateRequest body) {
        Thresholds thresholds = body.thresholds() == null ? new Thresholds(null, null) : body.thresholds();
        return CampaignView.of(campaigns.create(caller.userId(), new NewCampaign(body.title(), body.questions(),
                body.guidance(), body.reward(), body.currency(), body.target(), body.deadline(), body.minimumWords(),
                body.screening(), thresholds.pass(), thresholds.borderline(), body.autoApproveDays(),
                body.reservationMinutes())));
    }

    /** Open campaigns for responders; {@code buyer=me} lists the caller's own in any status. */
    @GetMapping("/v1/campaigns")
    Page<CampaignView> list(Caller caller, @RequestParam(required = false) String buyer,
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        if (buyer != null && !buyer.equals("me")) {
            throw ApiException.invalid("invalid_parameter", "buyer is me (your campaigns) or left out (open campaigns)");
        }
        CampaignStatus wanted;
        try {
            wanted = status == null ? null : CampaignStatus.of(status);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_parameter", "status is draft, open, completed, closed or expired");
        }
        int size = Page.limit(limit);
        return Page.fromOverfetch(campaigns.list(buyer == null ? null : caller.userId(), wanted, startingAfter, size + 1), size)
                .map(CampaignView::of);
    }

    @GetMapping("/v1/campaigns/{id}")
    CampaignView get(Caller caller, @PathVariable String id) {
        return CampaignView.of(campaigns.visible(id, caller));
    }

    /**
     * Charges slots × (reward + funding fee) and opens a draft, or tops up an open campaign to a higher
     * target; the same Idempotency-Key or {@code funding_id} resumes a pending funding.
     */
    @PostMapping("/v1/campaigns/{id}/fund")
    FundingView fund(Caller caller, @PathVariable String id, @RequestBody FundRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        Funding f = funding.fund(id, caller, body.paymentMethod(), body.target(), body.amount(), key,
                body.fundingId());
        return new FundingView(f.id(), "campaign_funding", f.campaignId(), f.slots(), f.target(), f.amount(), f.currency(),
                f.status(), f.paymentId(), f.refunded(), f.createdAt(), CampaignView.of(campaigns.owned(id, caller)));
    }

    @PostMapping("/v1/campaigns/{id}/close")
    CampaignView close(Caller caller, @PathVariable String id) {
        return CampaignView.of(campaigns.close(id, caller));
    }

    @PostMapping("/v1/campaigns/{id}/tasks")
    @ResponseStatus(HttpStatus.CREATED)
    TaskView accept(Caller caller, @PathVariable String id, @RequestBody(required = false) TaskRequest body) {
        return TaskView.of(tasks.accept(id, caller, body == null ? null : body.screeningAnswers()));
    }

    @GetMapping("/v1/tasks/{id}")
    TaskView task(Caller caller, @PathVariable String id) {
        return tasks.find(id).filter(t -> caller.mayAccess(t.responderId())).map(TaskView::of)
                .orElseThrow(() -> ApiException.notFound("task_not_found", "no task " + id));
    }

    /** The buyer's view of the responses, e.g. {@code ?status=in_review} for the review queue. */
    @GetMapping("/v1/campaigns/{id}/submissions")
    Page<SubmissionController.SubmissionView> submissions(Caller caller, @PathVariable String id,
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        Campaign campaign = campaigns.owned(id, caller);
        SubmissionStatus wanted;
        try {
            wanted = status == null ? null : SubmissionStatus.of(status);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_parameter", "status is verifying, paid, failed, in_review or rejected");
        }
        int size = Page.limit(limit);
        return Page.fromOverfetch(review.ofCampaign(campaign.id(), wanted, startingAfter, size + 1), size)
                .map(SubmissionController.SubmissionView::of);
    }

    @GetMapping("/v1/campaigns/{id}/analytics")
    CampaignAnalytics.Report analytics(Caller caller, @PathVariable String id) {
        return analytics.of(campaigns.owned(id, caller));
    }

    @GetMapping("/v1/campaigns/{id}/export")
    ResponseEntity<?> export(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "json") String format) {
        if (!format.equals("csv") && !format.equals("json")) {
            throw ApiException.invalid("invalid_format", "format is csv or json");
        }
        Campaign campaign = campaigns.owned(id, caller);
        List<Submission> responses = analytics.responses(campaign);
        String file = "attachment; filename=\"" + campaign.id() + "-responses." + format + "\"";
        if (format.equals("json")) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.CONTENT_DISPOSITION, file)
                    .body(new Page<>(responses.stream().map(SubmissionController.SubmissionView::of).toList(), false));
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(EXPORT_HEADER).get())) {
            for (Submission s : responses) {
                csv.printRecord(s.id(), s.taskId(), s.responderId(), s.status().code(),
                        s.verdict() == null ? null : s.verdict().outcome().name().toLowerCase(),
                        s.verdict() == null ? null : s.verdict().score(), s.words(), s.secondsSpent(), s.submittedAt(),
                        s.decidedAt(), s.earned(), s.rejectionCategory(), s.text());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv")).header(HttpHeaders.CONTENT_DISPOSITION, file)
                .body(out.toString());
    }
}
