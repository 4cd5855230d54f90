package dev.mercato.campaigns;

import dev.mercato.campaigns.core.CampaignAction;
import dev.mercato.campaigns.core.PaySplit;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import dev.mercato.verification.Thresholds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Buyers create campaigns (drafts until funded), read them and close them; responders list the open ones. */
@Service
public class CampaignManagement {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final long MAX_REWARD = 1_000_000_00L;
    static final int MAX_TARGET = 100_000;

    private final Campaigns campaigns;
    private final Slots slots;
    private final CampaignRefunds refunds;
    private final CampaignsProperties properties;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;

    CampaignManagement(Campaigns campaigns, Slots slots, CampaignRefunds refunds, CampaignsProperties properties,
            TransactionTemplate transactions, AuditLog audit, Clock clock) {
        this.campaigns = campaigns;
        this.slots = slots;
        this.refunds = refunds;
        this.properties = properties;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    public Campaign create(String buyerId, NewCampaign request) {
        Instant now = clock.instant();
        String title = required(request.title(), "invalid_title", "title is required");
        if (title.length() > 200) {
            throw ApiException.invalid("invalid_title", "a title has at most 200 characters");
        }
        List<String> questions = request.questions() == null ? List.of() : request.questions();
        if (questions.isEmpty() || questions.size() > 20) {
            throw ApiException.invalid("invalid_questions", "questions lists 1 to 20 questions the responses answer");
        }
        for (String q : questions) {
            if (q == null || q.isBlank() || q.length() > 2_000) {
                throw ApiException.invalid("invalid_questions", "each question is 1 to 2,000 characters");
            }
        }
        String guidance = request.guidance() == null ? "" : request.guidance().strip();
        if (guidance.length() > 10_000) {
            throw ApiException.invalid("invalid_guidance", "guidance has at most 10,000 characters");
        }
        if (request.reward() == null || request.reward() <= 0 || request.reward() > MAX_REWARD) {
            throw ApiException.invalid("invalid_reward", "reward is the pay per accepted response in minor units, 1 to "
                    + MAX_REWARD);
        }
        String currency = request.currency() == null ? "" : request.currency().toUpperCase(Locale.ROOT);
        if (!CURRENCY.matcher(currency).matches()) {
            throw ApiException.invalid("invalid_currency", "currency is a three-letter ISO 4217 code such as USD");
        }
        int target = checkTarget(request.target());
        if (request.deadline() == null || !request.deadline().isAfter(now)) {
            throw ApiException.invalid("invalid_deadline", "deadline is required and must be in the future");
        }
        if (request.deadline().isAfter(now.plus(Duration.ofDays(366)))) {
            throw ApiException.invalid("invalid_deadline", "a campaign runs for at most a year");
        }
        int minimumWords = request.minimumWords() == null ? 50 : request.minimumWords();
        if (minimumWords < 0 || minimumWords > 5_000) {
            throw ApiException.invalid("invalid_minimum_words", "minimum_words is 0 to 5,000");
        }
        List<ScreeningQuestion> screening = new ArrayList<>();
        for (ScreeningQuestion s : request.screening() == null ? List.<ScreeningQuestion>of() : request.screening()) {
            if (s == null || s.question() == null || s.question().isBlank() || s.requiredAnswer() == null
                    || s.requiredAnswer().isBlank()) {
                throw ApiException.invalid("invalid_screening", "each screening question has a question and a required_answer");
            }
            screening.add(new ScreeningQuestion(s.question().strip(), s.requiredAnswer().strip()));
        }
        if (screening.size() > 10) {
            throw ApiException.invalid("invalid_screening", "a campaign has at most 10 screening questions");
        }
        Thresholds thresholds;
        try {
            thresholds = new Thresholds(request.passThreshold() == null ? Thresholds.DEFAULT.pass() : request.passThreshold(),
                    request.borderlineThreshold() == null ? Thresholds.DEFAULT.borderline() : request.borderlineThreshold());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_thresholds", "thresholds need 0 <= borderline_threshold <= pass_threshold <= 1");
        }
        int autoApproveDays = request.autoApproveDays() == null ? properties.autoApproveDays() : request.autoApproveDays();
        if (autoApproveDays < 1 || autoApproveDays > 30) {
            throw ApiException.invalid("invalid_auto_approve_days", "auto_approve_days is 1 to 30");
        }
        int minutes = request.reservationMinutes() == null ? (int) properties.reservationTime().toMinutes()
                : request.reservationMinutes();
        if (minutes < 5 || minutes > 24 * 60) {
            throw ApiException.invalid("invalid_reservation_minutes", "reservation_minutes is 5 to 1,440");
        }
        long slotFee = PaySplit.basisPoints(request.reward(), properties.fundingFeeBasisPoints());
        Campaign campaign = new Campaign(Ids.next("cmp", clock), buyerId, title, questions.stream().map(String::strip).toList(),
                guidance, screening, currency, request.reward(), slotFee, target, 0, 0, 0, 0, 0, minimumWords,
                thresholds.pass(), thresholds.borderline(), autoApproveDays, minutes, request.deadline(),
                CampaignStatus.DRAFT, now, now, null);
        transactions.executeWithoutResult(s -> {
            campaigns.insert(campaign);
            audit.changed("campaign", campaign.id(), null, Slots.summary(campaign));
        });
        return campaign;
    }

    static int checkTarget(Integer target) {
        if (target == null || target < 1 || target > MAX_TARGET) {
            throw ApiException.invalid("invalid_target", "target is the number of responses wanted, 1 to " + MAX_TARGET);
        }
        return target;
    }

    public Optional<Campaign> find(String id) {
        return Ids.hasPrefix(id, "cmp") ? campaigns.find(id) : Optional.empty();
    }

    /** A campaign the caller may see: drafts only to their buyer and operators, funded ones to anybody. */
    public Campaign visible(String id, Caller caller) {
        return find(id).filter(c -> c.status() != CampaignStatus.DRAFT || caller.mayAccess(c.buyerId()))
                .orElseThrow(() -> notFound(id));
    }

    /** A campaign the caller owns (or any, for an operator). */
    public Campaign owned(String id, Caller caller) {
        return find(id).filter(c -> caller.mayAccess(c.buyerId())).orElseThrow(() -> notFound(id));
    }

    /** Open campaigns; with {@code buyerId}, that buyer's campaigns in any status (or {@code status}). */
    public List<Campaign> list(String buyerId, CampaignStatus status, String startingAfter, int limit) {
        return campaigns.list(buyerId, buyerId == null ? CampaignStatus.OPEN.code() : status == null ? null : status.code(),
                startingAfter, limit);
    }

    /** The buyer closes the campaign: open tasks end, unspent escrow goes back to the buyer. */
    public Campaign close(String id, Caller caller) {
        owned(id, caller);
        Campaign closed = transactions.execute(s -> {
            Campaign campaign = campaigns.lock(id).orElseThrow();
            if (campaign.status().ended()) {
                throw new ApiException(409, "campaign_ended", "campaign " + id + " has already ended ("
                        + campaign.status().code() + ")");
            }
            Campaign done = slots.end(campaign, CampaignAction.CLOSE);
            audit.changed("campaign", id, Slots.summary(campaign), Slots.summary(done));
            return done;
        });
        refunds.send(id);
        return closed;
    }

    static ApiException notFound(String id) {
        return ApiException.notFound("campaign_not_found", "no campaign " + id);
    }

    private static String required(String value, String code, String message) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid(code, message);
        }
        return value.strip();
    }
}
