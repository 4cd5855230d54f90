package dev.mercato.verification.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditExempt;
import dev.mercato.platform.Caller;
import dev.mercato.verification.CampaignAccess;
import dev.mercato.verification.CampaignPrompts;
import dev.mercato.verification.ResponseVerification;
import dev.mercato.verification.Thresholds;
import dev.mercato.verification.Verdict;
import dev.mercato.verification.VerificationRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Scores a text against a prompt without submitting it: buyers tune their thresholds with it. */
@RestController
class VerificationController {

    private final ResponseVerification verification;
    private final ObjectProvider<CampaignAccess> access;
    private final ObjectProvider<CampaignPrompts> prompts;

    VerificationController(ResponseVerification verification, ObjectProvider<CampaignAccess> access,
            ObjectProvider<CampaignPrompts> prompts) {
        this.verification = verification;
        this.access = access;
        this.prompts = prompts;
    }

    record ThresholdsBody(Double pass, Double borderline) {
    }

    record ScoreBody(String campaignId, List<String> questions, String guidance, Integer minimumWords, Long secondsSpent,
            String text, ThresholdsBody thresholds) {
    }

    @AuditExempt("a question: it scores a text and changes nothing (the result cache is not a business record)")
    @PostMapping("/v1/verification/score")
    Verdict score(Caller caller, @RequestBody(required = false) ScoreBody body) {
        if (body == null) {
            throw ApiException.invalid("invalid_request", "a verification needs a body with questions and text");
        }
        if (body.campaignId() != null && !caller.admin()) {
            // novelty compares with the campaign's earlier responses: only its buyer may look
            CampaignAccess campaigns = access.getIfAvailable();
            if (campaigns == null || !campaigns.owns(caller.userId(), body.campaignId())) {
                throw ApiException.notFound("campaign_not_found", "you have no campaign " + body.campaignId());
            }
        }
        // the campaign's own prompt and thresholds fill in what the body leaves out
        Optional<CampaignPrompts.CampaignPrompt> campaign = Optional.ofNullable(body.campaignId())
                .flatMap(id -> Optional.ofNullable(prompts.getIfAvailable()).flatMap(p -> p.prompt(id)));
        List<String> questions = body.questions() != null ? body.questions()
                : campaign.map(CampaignPrompts.CampaignPrompt::questions).orElse(null);
        String guidance = body.guidance() != null ? body.guidance()
                : campaign.map(CampaignPrompts.CampaignPrompt::guidance).orElse(null);
        int minimumWords = body.minimumWords() != null ? body.minimumWords()
                : campaign.map(CampaignPrompts.CampaignPrompt::minimumWords).orElse(0);
        Thresholds base = campaign.map(CampaignPrompts.CampaignPrompt::thresholds).orElse(Thresholds.DEFAULT);
        Thresholds thresholds = base;
        if (body.thresholds() != null) {
            double pass = body.thresholds().pass() == null ? base.pass() : body.thresholds().pass();
            double borderline = body.thresholds().borderline() == null ? Math.min(pass, base.borderline())
                    : body.thresholds().borderline();
            try {
                thresholds = new Thresholds(pass, borderline);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("invalid_thresholds", "thresholds need 0 <= borderline <= pass <= 1");
            }
        }
        return verification.verify(new VerificationRequest(body.campaignId(), questions, guidance, minimumWords,
                body.secondsSpent(), null, body.text(), thresholds));
    }
}
