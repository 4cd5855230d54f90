package dev.mercato.campaigns;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Responders accept tasks: each is a reservation of one free slot for the campaign's reservation
 * time (never past its deadline). One task per responder and campaign, a cap on how many a
 * responder holds at once, and never more tasks than free slots — the slot is taken by a
 * conditional update of the campaign's row. Reservations whose time ran out are freed here before
 * a new one is counted, and by the campaigns job.
 */
@Service
public class TaskAcceptance {

    private final Campaigns campaigns;
    private final Tasks tasks;
    private final Slots slots;
    private final CampaignManagement management;
    private final CampaignsProperties properties;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    TaskAcceptance(Campaigns campaigns, Tasks tasks, Slots slots, CampaignManagement management,
            CampaignsProperties properties, TransactionTemplate transactions, JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.campaigns = campaigns;
        this.tasks = tasks;
        this.slots = slots;
        this.management = management;
        this.properties = properties;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @throws ApiException 409 {@code campaign_not_open}, {@code deadline_passed}, {@code task_exists},
     *                      {@code too_many_reservations}, {@code no_slots_left}; 403 {@code own_campaign},
     *                      {@code screened_out}; 400 {@code invalid_screening_answers}
     */
    public CampaignTask accept(String campaignId, Caller caller, List<String> screeningAnswers) {
        Campaign campaign = management.visible(campaignId, caller);
        String responder = caller.userId();
        if (campaign.buyerId().equals(responder)) {
            throw new ApiException(403, "own_campaign", "a buyer cannot respond to its own campaign");
        }
        boolean screenedIn = screenedIn(campaign, screeningAnswers);
        CampaignTask task = transactions.execute(s -> {
            // One responder's acceptances run one at a time, so the cap on open reservations holds.
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(:key))").param("key", "campaign-responder:" + responder)
                    .query(Object.class).single();
            Instant now = clock.instant();
            Optional<CampaignTask> existing = tasks.of(campaignId, responder);
            if (existing.isPresent()) {
                throw new ApiException(409, "task_exists", "you already have task " + existing.get().id() + " on this campaign ("
                        + existing.get().status() + "); each responder answers a campaign once",
                        Map.of("task_id", existing.get().id()));
            }
            Campaign locked = campaigns.lock(campaignId).orElseThrow();
            if (locked.status() != CampaignStatus.OPEN) {
                throw new ApiException(409, "campaign_not_open", "campaign " + campaignId + " is " + locked.status().code()
                        + (locked.status() == CampaignStatus.DRAFT ? " (not funded yet)" : "") + "; it takes no tasks");
            }
            if (!locked.deadline().isAfter(now)) {
                throw new ApiException(409, "deadline_passed", "campaign " + campaignId + " passed its deadline at "
                        + locked.deadline());
            }
            if (!screenedIn) {
                CampaignTask out = new CampaignTask(Ids.next("tsk", clock), campaignId, responder, "screened_out", now, now, now);
                tasks.insert(out);
                audit.changed("campaign_task", out.id(), null, summary(out));
                return out;
            }
            int active = tasks.activeOf(responder, now);
            if (active >= properties.maxActiveReservations()) {
                throw new ApiException(409, "too_many_reservations", "you hold " + active + " unsubmitted tasks; submit or let"
                        + " one expire first (at most " + properties.maxActiveReservations() + " at once)");
            }
            slots.expireReservations(locked);
            if (campaigns.reserveSlot(campaignId, now).isEmpty()) {
                throw new ApiException(409, "no_slots_left", "every slot of campaign " + campaignId
                        + " is taken; try again later, reservations that run out return to the pool");
            }
            Instant expires = now.plus(Duration.ofMinutes(locked.reservationMinutes()));
            CampaignTask created = new CampaignTask(Ids.next("tsk", clock), campaignId, responder, "reserved", now,
                    expires.isBefore(locked.deadline()) ? expires : locked.deadline(), null);
            tasks.insert(created);
            audit.changed("campaign_task", created.id(), null, summary(created));
            return created;
        });
        if (task.status().equals("screened_out")) {
            throw new ApiException(403, "screened_out", "your screening answers do not match what campaign " + campaignId
                    + " asks for", Map.of("task_id", task.id()));
        }
        return task;
    }

    public Optional<CampaignTask> find(String id) {
        return Ids.hasPrefix(id, "tsk") ? tasks.find(id) : Optional.empty();
    }

    private static boolean screenedIn(Campaign campaign, List<String> answers) {
        if (campaign.screening().isEmpty()) {
            return true;
        }
        if (answers == null || answers.size() != campaign.screening().size()) {
            throw ApiException.invalid("invalid_screening_answers", "screening_answers lists one answer for each of the "
                    + campaign.screening().size() + " screening questions, in order");
        }
        for (int i = 0; i < answers.size(); i++) {
            String answer = answers.get(i) == null ? "" : answers.get(i).strip().toLowerCase(Locale.ROOT);
            if (!answer.equals(campaign.screening().get(i).requiredAnswer().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    static Map<String, Object> summary(CampaignTask t) {
        return Map.of("campaign_id", t.campaignId(), "responder_id", t.responderId(), "status", t.status(),
                "expires_at", t.expiresAt());
    }
}
