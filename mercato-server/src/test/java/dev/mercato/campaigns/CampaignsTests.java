package dev.mercato.campaigns;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static dev.mercato.testing.ScriptedVerification.borderline;
import static dev.mercato.testing.ScriptedVerification.fail;
import static dev.mercato.testing.ScriptedVerification.pass;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.LedgerVerification;
import dev.mercato.ledger.OwnerType;
import dev.mercato.orders.MarketplaceAccounts;
import dev.mercato.payments.internal.PaymentJanitor;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.ScriptedVerification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Campaigns end to end over HTTP against real PostgreSQL, with the verification engine replaced by
 * the scripted test double (the verdict each test asks for): funding into escrow, paying passed
 * responses, feedback on failed ones, the review queue with rejections, appeals and automatic
 * approval, reservations that run out, closing and expiring with the unspent escrow refunded, bad
 * input, and 200 responders racing for 50 slots. After each test the ledger verifies clean.
 */
class CampaignsTests extends IntegrationTest {

    static final long REWARD = 500;
    static final long EARNED = 500 - 35 - 1; // 7% protocol fee 35, 0.25% processor fee 1.25 rounded half up to 1
    static final String ANSWER = "I compared three budgeting apps over a month and kept notes on each one.";

    @Autowired
    Accounts accounts;
    @Autowired
    LedgerVerification verification;
    @Autowired
    MercatoClock clock;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SubmissionReview review;
    @Autowired
    CampaignDeadlines deadlines;
    @Autowired
    PaymentJanitor janitor;

    HttpFixtures fixtures;

    record Party(String id, String key, Api.Client client) {
    }

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
    }

    @AfterEach
    void ledgerVerifiesClean() {
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void fundingChargesTargetTimesRewardIntoTheCampaignsEscrowAndOpensIt() {
        Party buyer = party();
        Api.Response created = buyer.client().post("/v1/campaigns", campaign(10, REWARD));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.text("status")).isEqualTo("draft");
        assertThat(created.body().path("slot_cost").asLong()).isEqualTo(REWARD);
        String id = created.id();
        assertThat(escrow(id)).isZero();

        Api.Response funded = buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa",
                "amount", 10 * REWARD));
        assertThat(funded.status()).as(funded.body().toString()).isEqualTo(200);
        assertThat(funded.text("status")).isEqualTo("succeeded");
        assertThat(funded.number("amount")).isEqualTo(10 * REWARD);
        assertThat(funded.body().path("campaign").path("status").asString()).isEqualTo("open");
        assertThat(escrow(id)).isEqualTo(10 * REWARD);
        assertThat(jdbc.queryForObject("SELECT amount_captured FROM payment_attempts WHERE id = ?", Long.class,
                funded.text("payment_id"))).isEqualTo(10 * REWARD);

        // A top-up raises the target and charges the difference only.
        Api.Response toppedUp = buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa",
                "target", 13));
        assertThat(toppedUp.status()).as(toppedUp.body().toString()).isEqualTo(200);
        assertThat(toppedUp.number("amount")).isEqualTo(3 * REWARD);
        assertThat(toppedUp.body().path("campaign").path("target").asInt()).isEqualTo(13);
        assertThat(escrow(id)).isEqualTo(13 * REWARD);
        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa",
                "target", 12)), 400, "invalid_target");

        // Anybody sees an open campaign; only its buyer funds it.
        Party stranger = party();
        assertThat(stranger.client().get("/v1/campaigns/" + id).status()).isEqualTo(200);
        assertProblem(stranger.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa",
                "target", 20)), 404, "campaign_not_found");
        assertThat(buyer.client().get("/v1/campaigns?buyer=me").body().path("data").get(0).path("id").asString()).isEqualTo(id);
    }

    @Test
    void aDeclinedOrUnderfundedCampaignStaysUnopenedAndTakesNoTasks() {
        Party buyer = party();
        String id = buyer.client().post("/v1/campaigns", campaign(4, REWARD)).id();

        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa",
                "amount", 4 * REWARD - 1)), 422, "underfunded");
        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_decline")),
                402, "card_declined");
        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method",
                "tok_insufficient_funds")), 402, "insufficient_funds");
        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of()), 400, "invalid_payment_method");

        assertThat(buyer.client().get("/v1/campaigns/" + id).text("status")).isEqualTo("draft");
        assertThat(escrow(id)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_fundings WHERE campaign_id = ? AND status = 'failed'",
                Long.class, id)).isEqualTo(2);
        assertProblem(party().client().post("/v1/campaigns/" + id + "/tasks", Map.of()), 404, "campaign_not_found");
        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/tasks", Map.of()), 403, "own_campaign");
    }

    @Test
    void aSecondFundingWhileTheFirstAwaitsThreeDSecureIsRefusedAndTheTargetGrowsOnce() {
        Party buyer = party();
        String id = buyer.client().post("/v1/campaigns", campaign(4, REWARD)).id();
        Api.Client first = buyer.client().idempotencyKey("fund-3ds-" + id);

        Api.Response needsAction = first.post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_requires_action"));
        assertProblem(needsAction, 402, "requires_action");
        String fundingId = jdbc.queryForObject("SELECT id FROM campaign_fundings WHERE campaign_id = ?", String.class, id);

        // While the buyer authenticates, another funding (a second tab, a retry under a new key) is refused.
        Api.Response second = buyer.client().idempotencyKey("fund-again-" + id).post("/v1/campaigns/" + id + "/fund",
                Map.of("payment_method", "tok_visa"));
        assertProblem(second, 409, "funding_pending");
        assertThat(second.body().path("funding_id").asString()).isEqualTo(fundingId);
        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa",
                "target", 8)), 409, "funding_pending");
        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa",
                "funding_id", "cfd_unknown")), 404, "funding_not_found");
        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_requires_action",
                "target", 5, "funding_id", fundingId)), 422, "idempotency_key_reused");

        String processorPayment = jdbc.queryForObject("""
                SELECT processor_payment_id FROM payment_attempts WHERE metadata->>'campaign_funding_id' = ?""",
                String.class, fundingId);
        Api.Response authenticated = admin().post("/v1/simulated-processor/payments/" + processorPayment + "/authenticate",
                Map.of());
        assertThat(authenticated.status()).as(authenticated.body().toString()).isEqualTo(200);
        assertThat(Eventually.holds(() -> buyer.client().get("/v1/campaigns/" + id).text("status").equals("open"))).isTrue();

        // The same key replays the first answer (the API stores it for 24 hours); funding_id resumes the
        // funding and answers with it as it is now; nothing is charged again.
        assertProblem(first.post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_requires_action")),
                402, "requires_action");
        Api.Response byId = buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method",
                "tok_requires_action", "funding_id", fundingId));
        assertThat(byId.status()).as(byId.body().toString()).isEqualTo(200);
        assertThat(byId.id()).isEqualTo(fundingId);
        assertThat(byId.body().path("campaign").path("target").asInt()).isEqualTo(4);
        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa")),
                400, "invalid_target");
        assertThat(escrow(id)).isEqualTo(4 * REWARD);

        // Once it has settled, an explicit top-up is a new funding.
        Api.Response toppedUp = buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa",
                "target", 6));
        assertThat(toppedUp.status()).as(toppedUp.body().toString()).isEqualTo(200);
        assertThat(toppedUp.number("amount")).isEqualTo(2 * REWARD);
        assertThat(escrow(id)).isEqualTo(6 * REWARD);
        assertThat(jdbc.queryForObject("""
                SELECT coalesce(sum(p.amount_captured), 0) FROM simulated_payments p
                JOIN payment_attempts a ON a.processor_payment_id = p.id WHERE a.metadata->>'campaign_id' = ?""",
                Long.class, id)).isEqualTo(6 * REWARD);
    }

    @Test
    void anAbandonedThreeDSecureFundingNoLongerBlocksANewOne() {
        Party buyer = party();
        String id = buyer.client().post("/v1/campaigns", campaign(3, REWARD)).id();
        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_requires_action")),
                402, "requires_action");
        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa")),
                409, "funding_pending");

        clock.advance(Duration.ofHours(25));
        janitor.reconcileDue();

        Api.Response funded = buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa"));
        assertThat(funded.status()).as(funded.body().toString()).isEqualTo(200);
        assertThat(funded.body().path("campaign").path("target").asInt()).isEqualTo(3);
        assertThat(escrow(id)).isEqualTo(3 * REWARD);
        assertThat(Eventually.holds(() -> jdbc.queryForObject(
                "SELECT count(*) FROM campaign_fundings WHERE campaign_id = ? AND status = 'failed'", Long.class, id) == 1))
                .isTrue();
    }

    @Test
    void fundingsRacingOnADraftUnderDifferentKeysFundItOnce() throws Exception {
        Party buyer = party();
        String id = buyer.client().post("/v1/campaigns", campaign(5, REWARD)).id();
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> {
                    Api.Response r = buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa"));
                    outcomes.computeIfAbsent(r.status() == 200 ? "funded" : r.code(), k -> new AtomicInteger())
                            .incrementAndGet();
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        }

        assertThat(outcomes.get("funded").get()).as(outcomes.toString()).isEqualTo(1);
        assertThat(outcomes.keySet()).as(outcomes.toString()).isSubsetOf("funded", "funding_pending", "invalid_target");
        assertThat(buyer.client().get("/v1/campaigns/" + id).body().path("target").asInt()).isEqualTo(5);
        assertThat(escrow(id)).isEqualTo(5 * REWARD);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_fundings WHERE campaign_id = ?", Long.class, id))
                .isEqualTo(1);
    }

    @Test
    void theRevenueReportShowsCampaignFeesAsTheLedgerPostedThem() {
        clock.advance(Duration.ofMinutes(1));
        Instant from = clock.instant();
        Party buyer = party();
        String id = openCampaign(buyer, 3, REWARD);
        for (int i = 0; i < 2; i++) {
            Party responder = party();
            Api.Response paid = responder.client().post("/v1/tasks/" + accept(responder, id) + "/submission",
                    Map.of("text", pass(ANSWER) + " #" + i));
            assertThat(paid.text("status")).as(paid.body().toString()).isEqualTo("paid");
        }
        long revenue = campaignLegs(id, "platform.revenue");
        long processorFees = campaignLegs(id, "processor.fees");
        String window = "&from=" + from + "&to=" + clock.instant().plusSeconds(1);

        long[] overall = campaignColumns(admin().get("/v1/reports/revenue?period=day" + window), "all");
        assertThat(overall[0]).as("protocol fees of two paid responses").isEqualTo(2 * 35);
        assertThat(overall[1]).as("processor fees, as the ledger posted them").isEqualTo(processorFees)
                .isGreaterThan(2 * 1);
        assertThat(overall[2]).as("campaigns' net platform revenue, as the ledger posted it").isEqualTo(revenue)
                .isLessThan(2 * 35);
        assertThat(overall[3]).as("total platform revenue: no sales in the window").isEqualTo(revenue);
        assertThat(revenue).as("protocol fees less the funding's charge fee").isEqualTo(2 * 35 - (processorFees - 2 * 1));
        assertThat(campaignColumns(admin().get("/v1/reports/revenue?period=month&group_by=seller" + window), "campaigns"))
                .containsExactly(overall);
    }

    /** campaign_fees, campaign_processor_fees, campaign_revenue and total_platform_revenue of the USD lines of one group. */
    static long[] campaignColumns(Api.Response report, String group) {
        assertThat(report.status()).as(report.body().toString()).isEqualTo(200);
        long[] sums = new long[4];
        for (JsonNode line : report.body().path("data")) {
            if (line.path("group").asString().equals(group) && line.path("currency").asString().equals("USD")) {
                sums[0] += line.path("campaign_fees").asLong();
                sums[1] += line.path("campaign_processor_fees").asLong();
                sums[2] += line.path("campaign_revenue").asLong();
                sums[3] += line.path("total_platform_revenue").asLong();
            }
        }
        return sums;
    }

    @Test
    void badCampaignsAreRefusedWithClearErrors() {
        Api.Client buyer = party().client();
        assertProblem(buyer.post("/v1/campaigns", with(campaign(5, REWARD), "questions", List.of())), 400, "invalid_questions");
        assertProblem(buyer.post("/v1/campaigns", with(campaign(5, REWARD), "reward", 0)), 400, "invalid_reward");
        assertProblem(buyer.post("/v1/campaigns", with(campaign(0, REWARD), "target", 0)), 400, "invalid_target");
        assertProblem(buyer.post("/v1/campaigns", with(campaign(5, REWARD), "currency", "dollars")), 400, "invalid_currency");
        assertProblem(buyer.post("/v1/campaigns", with(campaign(5, REWARD), "deadline", clock.instant().minusSeconds(1)
                .toString())), 400, "invalid_deadline");
        assertProblem(buyer.post("/v1/campaigns", with(campaign(5, REWARD), "thresholds", Map.of("pass", 0.4,
                "borderline", 0.6))), 400, "invalid_thresholds");
        assertProblem(buyer.post("/v1/campaigns", with(campaign(5, REWARD), "screening", List.of(Map.of("question", "Age?")))),
                400, "invalid_screening");
    }

    @Test
    void aPassingResponseIsPaidFromEscrowLessTheFeesIntoTheRespondersEarnings() {
        Party buyer = party();
        String id = openCampaign(buyer, 3, REWARD);
        Party responder = party();
        long revenueBefore = systemBalance(MarketplaceAccounts.platformRevenue("USD"));

        Api.Response task = responder.client().post("/v1/campaigns/" + id + "/tasks", Map.of());
        assertThat(task.status()).as(task.body().toString()).isEqualTo(201);
        assertThat(task.text("status")).isEqualTo("reserved");
        assertThat(Duration.between(Instant.parse(task.text("accepted_at")), Instant.parse(task.text("expires_at"))))
                .isEqualTo(Duration.ofMinutes(30));
        Api.Response submitted = responder.client().post("/v1/tasks/" + task.id() + "/submission", Map.of("text",
                pass(ANSWER)));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        assertThat(submitted.text("status")).isEqualTo("paid");
        assertThat(submitted.body().path("verdict").path("outcome").asString()).isEqualTo("pass");
        JsonNode payment = submitted.body().path("payment");
        assertThat(payment.path("earned").asLong()).isEqualTo(EARNED);
        assertThat(payment.path("protocol_fee").asLong()).isEqualTo(35);
        assertThat(payment.path("processor_fee").asLong()).isEqualTo(1);
        assertThat(escrow(id)).isEqualTo(2 * REWARD);
        assertThat(balance(AccountOwner.user(responder.id()), "seller.earnings.pending")).isEqualTo(EARNED);
        // the payment's own postings: other work (an earlier test's payments settling) may move these accounts meanwhile
        assertThat(paymentLeg(submitted.id(), "platform.revenue")).isEqualTo(35);
        assertThat(paymentLeg(submitted.id(), "processor.fees")).isEqualTo(1);
        assertThat(systemBalance(MarketplaceAccounts.platformRevenue("USD")) - revenueBefore).isGreaterThanOrEqualTo(35);
        assertThat(ScriptedVerification.REMEMBERED).contains(id + ":" + responder.id() + ":" + submitted.id());

        // The payouts module's earnings endpoint shows it, pending its hold period.
        JsonNode earnings = responder.client().get("/v1/sellers/me/earnings").body().path("totals").get(0);
        assertThat(earnings.path("total_earned").asLong()).isEqualTo(EARNED);
        assertThat(earnings.path("pending").asLong()).isEqualTo(EARNED);
        // Buyer and responder can read the submission; nobody else.
        assertThat(buyer.client().get("/v1/submissions/" + submitted.id()).text("status")).isEqualTo("paid");
        assertThat(responder.client().get("/v1/submissions/" + submitted.id()).status()).isEqualTo(200);
        assertProblem(party().client().get("/v1/submissions/" + submitted.id()), 404, "submission_not_found");
        // The buyer hears of the response and the responder of the result, by email and webhook.
        assertThat(Eventually.holds(() -> mails("campaign_response", buyer.id()) == 1
                && mails("submission_result", responder.id()) == 1)).isTrue();
        assertThat(Eventually.holds(() -> webhookEvents("campaign.response_received", submitted.id()) == 1)).isTrue();
        assertThat(jdbc.queryForObject("SELECT subject FROM mail_outbox WHERE template = 'submission_result' AND user_id = ?",
                String.class, responder.id())).contains("You earned 4.64 USD");
    }

    @Test
    void aFailingResponseGetsFeedbackNamingTheFailedChecksAndItsSlotReturnsToThePool() {
        Party buyer = party();
        String id = openCampaign(buyer, 1, REWARD);
        Party responder = party();
        String task = accept(responder, id);

        Api.Response submitted = responder.client().post("/v1/tasks/" + task + "/submission", Map.of("text", fail("Too short.")));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        assertThat(submitted.text("status")).isEqualTo("failed");
        JsonNode verdict = submitted.body().path("verdict");
        assertThat(verdict.path("scorers").get(0).path("failed_checks").get(0).asString()).isEqualTo("effort.too_short");
        assertThat(verdict.path("tips").get(0).asString()).contains("minimum number of words");
        assertThat(submitted.body().path("payment").isNull()).isTrue();
        JsonNode slots = buyer.client().get("/v1/campaigns/" + id).body().path("slots");
        assertThat(slots.path("available").asInt()).isEqualTo(1);
        assertThat(slots.path("reserved").asInt()).isZero();
        assertThat(escrow(id)).isEqualTo(REWARD);
        // One response per responder per campaign: the failed one counts.
        assertProblem(responder.client().post("/v1/campaigns/" + id + "/tasks", Map.of()), 409, "task_exists");
        assertThat(accept(party(), id)).startsWith("tsk_");
        assertThat(Eventually.holds(() -> mails("submission_result", responder.id()) == 1)).isTrue();
        assertThat(jdbc.queryForObject("SELECT text_body FROM mail_outbox WHERE template = 'submission_result' AND user_id = ?",
                String.class, responder.id())).contains("effort.too_short", "minimum number of words");
    }

    @Test
    void aBorderlineResponseIsReviewedRejectedWithAReasonAppealedOnceAndRejectedForGood() {
        Party buyer = party();
        String id = openCampaign(buyer, 2, REWARD);
        Party responder = party();
        String task = accept(responder, id);
        Api.Response submitted = responder.client().post("/v1/tasks/" + task + "/submission", Map.of("text",
                borderline(ANSWER)));
        assertThat(submitted.text("status")).isEqualTo("in_review");
        String sub = submitted.id();
        JsonNode queue = buyer.client().get("/v1/campaigns/" + id + "/submissions?status=in_review").body().path("data");
        assertThat(queue).hasSize(1);
        assertThat(queue.get(0).path("id").asString()).isEqualTo(sub);

        assertProblem(buyer.client().post("/v1/submissions/" + sub + "/review", Map.of("decision", "reject",
                "reason", "Too short.", "category", "low_effort")), 400, "invalid_reason");
        assertProblem(buyer.client().post("/v1/submissions/" + sub + "/review", Map.of("decision", "reject",
                "reason", reason(), "category", "bad")), 400, "invalid_category");
        assertProblem(buyer.client().post("/v1/submissions/" + sub + "/review", Map.of("decision", "maybe")), 400,
                "invalid_decision");
        assertProblem(responder.client().post("/v1/submissions/" + sub + "/review", Map.of("decision", "approve")), 404,
                "submission_not_found");
        assertProblem(responder.client().post("/v1/submissions/" + sub + "/appeal", Map.of()), 409, "appeal_not_allowed");

        Api.Response rejected = buyer.client().post("/v1/submissions/" + sub + "/review", Map.of("decision", "reject",
                "reason", reason(), "category", "low_effort"));
        assertThat(rejected.status()).as(rejected.body().toString()).isEqualTo(200);
        assertThat(rejected.text("status")).isEqualTo("rejected");
        assertThat(rejected.body().path("review").path("appeal_until").asString()).isNotBlank();
        // The rejected response keeps its slot while it may be appealed.
        assertThat(buyer.client().get("/v1/campaigns/" + id).body().path("slots").path("reviewing").asInt()).isOne();

        Api.Response appealed = responder.client().post("/v1/submissions/" + sub + "/appeal", Map.of("message",
                "I answered every question; please read the second paragraph again."));
        assertThat(appealed.status()).as(appealed.body().toString()).isEqualTo(200);
        assertThat(appealed.text("status")).isEqualTo("in_review");
        assertProblem(responder.client().post("/v1/submissions/" + sub + "/appeal", Map.of()), 409, "appeal_not_allowed");

        Api.Response final_ = buyer.client().post("/v1/submissions/" + sub + "/review", Map.of("decision", "reject",
                "reason", reason(), "category", "off_topic"));
        assertThat(final_.text("status")).isEqualTo("rejected");
        assertProblem(responder.client().post("/v1/submissions/" + sub + "/appeal", Map.of()), 409, "appeal_not_allowed");
        JsonNode slots = buyer.client().get("/v1/campaigns/" + id).body().path("slots");
        assertThat(slots.path("reviewing").asInt()).isZero();
        assertThat(slots.path("available").asInt()).isEqualTo(2);
        assertThat(escrow(id)).isEqualTo(2 * REWARD);
        assertThat(balance(AccountOwner.user(responder.id()), "seller.earnings.pending")).isZero();

        // A second borderline response is approved and paid from escrow.
        Party other = party();
        String second = other.client().post("/v1/tasks/" + accept(other, id) + "/submission", Map.of("text",
                borderline(ANSWER + " Second."))).id();
        Api.Response approved = buyer.client().post("/v1/submissions/" + second + "/review", Map.of("decision", "approve"));
        assertThat(approved.text("status")).isEqualTo("paid");
        assertThat(approved.body().path("payment").path("earned").asLong()).isEqualTo(EARNED);
        assertThat(balance(AccountOwner.user(other.id()), "seller.earnings.pending")).isEqualTo(EARNED);
        assertProblem(buyer.client().post("/v1/submissions/" + second + "/review", Map.of("decision", "approve")), 409,
                "not_in_review");
        assertThat(escrow(id)).isEqualTo(REWARD);
    }

    @Test
    void rejectionsAreCappedPerBuyerPerDay() {
        Party buyer = party();
        String id = openCampaign(buyer, 11, REWARD);
        List<String> subs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Party responder = party();
            subs.add(responder.client().post("/v1/tasks/" + accept(responder, id) + "/submission", Map.of("text",
                    borderline(ANSWER + " " + i))).id());
        }
        for (int i = 0; i < 10; i++) {
            Api.Response rejected = buyer.client().post("/v1/submissions/" + subs.get(i) + "/review", Map.of("decision",
                    "reject", "reason", reason(), "category", "low_effort"));
            assertThat(rejected.status()).as(rejected.body().toString()).isEqualTo(200);
        }
        assertProblem(buyer.client().post("/v1/submissions/" + subs.get(10) + "/review", Map.of("decision", "reject",
                "reason", reason(), "category", "low_effort")), 429, "rejection_limit_reached");
        assertThat(buyer.client().get("/v1/submissions/" + subs.get(10)).text("status")).isEqualTo("in_review");
        // Approving is never capped.
        assertThat(buyer.client().post("/v1/submissions/" + subs.get(10) + "/review", Map.of("decision", "approve"))
                .text("status")).isEqualTo("paid");
    }

    @Test
    void anUnreviewedResponseIsApprovedAutomaticallyAndAnUnusedAppealWindowFreesTheSlot() {
        Party buyer = party();
        String id = openCampaign(buyer, 2, REWARD, Map.of("auto_approve_days", 2));
        Party waiting = party();
        String waitingSub = waiting.client().post("/v1/tasks/" + accept(waiting, id) + "/submission", Map.of("text",
                borderline(ANSWER))).id();
        Party rejectedResponder = party();
        String rejectedSub = rejectedResponder.client().post("/v1/tasks/" + accept(rejectedResponder, id) + "/submission",
                Map.of("text", borderline(ANSWER + " Another."))).id();
        buyer.client().post("/v1/submissions/" + rejectedSub + "/review", Map.of("decision", "reject", "reason", reason(),
                "category", "did_not_answer_question"));

        clock.advance(Duration.ofDays(2).plusMinutes(1));
        review.approveOverdue();

        Api.Response approved = buyer.client().get("/v1/submissions/" + waitingSub);
        assertThat(approved.text("status")).isEqualTo("paid");
        assertThat(approved.body().path("review").path("approved_by").asString()).isEqualTo("auto_approval");
        assertThat(balance(AccountOwner.user(waiting.id()), "seller.earnings.pending")).isEqualTo(EARNED);

        clock.advance(Duration.ofDays(1));
        review.closeAppealWindows();
        assertProblem(rejectedResponder.client().post("/v1/submissions/" + rejectedSub + "/appeal", Map.of()), 409,
                "appeal_not_allowed");
        JsonNode slots = buyer.client().get("/v1/campaigns/" + id).body().path("slots");
        assertThat(slots.path("reviewing").asInt()).isZero();
        assertThat(slots.path("available").asInt()).isOne();
    }

    @Test
    void aReservationThatRunsOutReturnsItsSlotAndCannotBeSubmitted() {
        Party buyer = party();
        String id = openCampaign(buyer, 1, REWARD, Map.of("reservation_minutes", 10));
        Party slow = party();
        String task = accept(slow, id);
        Party next = party();
        assertProblem(next.client().post("/v1/campaigns/" + id + "/tasks", Map.of()), 409, "no_slots_left");

        clock.advance(Duration.ofMinutes(11));

        // Accepting checks for reservations that ran out before counting slots.
        assertThat(accept(next, id)).startsWith("tsk_");
        assertProblem(slow.client().post("/v1/tasks/" + task + "/submission", Map.of("text", pass(ANSWER))), 409,
                "reservation_expired");
        assertThat(escrow(id)).isEqualTo(REWARD);
    }

    @Test
    void submissionsWithoutAReservationTwiceLateOrWithBadTextAreRefusedAndPayNothing() throws Exception {
        Party buyer = party();
        String id = openCampaign(buyer, 5, REWARD, Map.of("screening", List.of(Map.of("question", "Do you budget monthly?",
                "required_answer", "yes"))));
        Party responder = party();
        assertProblem(responder.client().post("/v1/campaigns/" + id + "/tasks", Map.of()), 400, "invalid_screening_answers");
        Party screenedOut = party();
        assertProblem(screenedOut.client().post("/v1/campaigns/" + id + "/tasks", Map.of("screening_answers", List.of("no"))),
                403, "screened_out");
        assertProblem(screenedOut.client().post("/v1/campaigns/" + id + "/tasks", Map.of("screening_answers",
                List.of("yes"))), 409, "task_exists");
        String task = responder.client().post("/v1/campaigns/" + id + "/tasks", Map.of("screening_answers", List.of(" Yes ")))
                .id();

        assertProblem(party().client().post("/v1/tasks/" + task + "/submission", Map.of("text", pass(ANSWER))), 404,
                "task_not_found");
        assertProblem(responder.client().post("/v1/tasks/tsk_missing/submission", Map.of("text", pass(ANSWER))), 404,
                "task_not_found");
        assertProblem(responder.client().post("/v1/tasks/" + task + "/submission", Map.of("text", "   ")), 400,
                "empty_response");
        assertProblem(responder.client().post("/v1/tasks/" + task + "/submission", Map.of("text", "word ".repeat(4_001))),
                400, "response_too_long");
        assertProblem(responder.client().post("/v1/tasks/" + task + "/submission", Map.of("text", pass("nul\u0000byte"))),
                400, "binary_response");
        assertProblem(responder.client().post("/v1/tasks/" + task + "/submission", Map.of("text", pass("bell\u0007"))),
                400, "binary_response");
        HttpResponse<String> invalidUtf8 = rawSubmit(responder, task, "{\"text\": \"caf\u00ff\u00fe [verdict:pass]\"}");
        assertThat(invalidUtf8.statusCode()).as(invalidUtf8.body()).isEqualTo(400);
        assertThat(json.readTree(invalidUtf8.body()).path("code").asString()).isEqualTo("malformed_json");

        // Two submissions of one task at once: one is taken, the other refused.
        List<Api.Response> both = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Api.Response>> calls = List.of(
                    pool.submit(() -> responder.client().post("/v1/tasks/" + task + "/submission", Map.of("text", pass(ANSWER)))),
                    pool.submit(() -> responder.client().post("/v1/tasks/" + task + "/submission", Map.of("text", pass(ANSWER)))));
            for (Future<Api.Response> call : calls) {
                both.add(call.get());
            }
        }
        assertThat(both.stream().map(Api.Response::status)).containsExactlyInAnyOrder(201, 409);
        assertThat(both.stream().filter(r -> r.status() == 409).findFirst().orElseThrow().code()).isEqualTo("already_submitted");
        assertProblem(responder.client().post("/v1/tasks/" + task + "/submission", Map.of("text", pass(ANSWER))), 409,
                "already_submitted");
        assertThat(balance(AccountOwner.user(responder.id()), "seller.earnings.pending")).isEqualTo(EARNED);
        assertThat(escrow(id)).isEqualTo(4 * REWARD);

        // The same race on eight more tasks: whichever request loses, it is told the task was already submitted.
        String raced = openCampaign(buyer, 8, REWARD);
        for (int i = 0; i < 8; i++) {
            Party racer = party();
            String racedTask = accept(racer, raced);
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<Api.Response> first = pool.submit(() -> racer.client().post("/v1/tasks/" + racedTask + "/submission",
                        Map.of("text", pass(ANSWER))));
                Future<Api.Response> second = pool.submit(() -> racer.client().post("/v1/tasks/" + racedTask + "/submission",
                        Map.of("text", pass(ANSWER))));
                List<Api.Response> answers = List.of(first.get(), second.get());
                assertThat(answers.stream().map(Api.Response::status)).containsExactlyInAnyOrder(201, 409);
                assertThat(answers.stream().filter(r -> r.status() == 409).findFirst().orElseThrow().code())
                        .isEqualTo("already_submitted");
            }
        }
        assertThat(escrow(raced)).isZero();
        assertThat(buyer.client().get("/v1/campaigns/" + raced).text("status")).isEqualTo("completed");

        // At most three unsubmitted tasks at once.
        Party busy = party();
        for (int i = 0; i < 3; i++) {
            accept(busy, openCampaign(buyer, 1, REWARD));
        }
        assertProblem(busy.client().post("/v1/campaigns/" + openCampaign(buyer, 1, REWARD) + "/tasks", Map.of()), 409,
                "too_many_reservations");
    }

    @Test
    void aResponseAfterTheDeadlineIsRefusedAndTheExpiredCampaignRefundsItsEscrow() {
        Party buyer = party();
        String id = openCampaign(buyer, 3, REWARD, Map.of("deadline", clock.instant().plus(Duration.ofMinutes(10)).toString()));
        Party responder = party();
        String task = accept(responder, id);
        assertThat(buyer.client().get("/v1/tasks/" + task).status()).isEqualTo(404);

        clock.advance(Duration.ofMinutes(11));

        Api.Response late = responder.client().post("/v1/tasks/" + task + "/submission", Map.of("text", pass(ANSWER)));
        assertThat(late.status()).isEqualTo(409);
        // The campaigns job may have expired the campaign (canceling the task) before the submission came in.
        assertThat(late.code()).isIn("deadline_passed", "reservation_expired", "task_canceled");
        Api.Response tooLate = party().client().post("/v1/campaigns/" + id + "/tasks", Map.of());
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(tooLate.code()).isIn("campaign_not_open", "deadline_passed");

        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/fund", Map.of("payment_method", "tok_visa",
                "target", 5)), 409, "deadline_passed");
        deadlines.expireCampaigns();

        assertThat(buyer.client().get("/v1/campaigns/" + id).text("status")).isEqualTo("expired");
        assertThat(escrow(id)).isZero();
        // the campaigns job may have expired it first and be refunding at the processor right now
        assertThat(Eventually.holds(() -> refunded(id) == 3 * REWARD)).as("refunded %d", refunded(id)).isTrue();
        assertThat(Eventually.holds(() -> webhookEvents("campaign.ended", id) == 1 && mails("campaign_ended", buyer.id()) == 1))
                .isTrue();
    }

    @Test
    void closingRefundsEveryFreeSlotAndASlotStillInReviewIsRefundedWhenRejectedForGood() {
        Party buyer = party();
        String id = openCampaign(buyer, 10, REWARD);
        for (int i = 0; i < 3; i++) {
            Party paid = party();
            paid.client().post("/v1/tasks/" + accept(paid, id) + "/submission", Map.of("text", pass(ANSWER + i)));
        }
        Party reviewed = party();
        String sub = reviewed.client().post("/v1/tasks/" + accept(reviewed, id) + "/submission", Map.of("text",
                borderline(ANSWER))).id();
        Party working = party();
        String workingTask = accept(working, id);

        Api.Response closed = buyer.client().post("/v1/campaigns/" + id + "/close", Map.of());
        assertThat(closed.status()).as(closed.body().toString()).isEqualTo(200);
        assertThat(closed.text("status")).isEqualTo("closed");
        JsonNode slots = closed.body().path("slots");
        assertThat(slots.path("paid").asInt()).isEqualTo(3);
        assertThat(slots.path("reviewing").asInt()).isOne();
        assertThat(slots.path("refunded").asInt()).isEqualTo(6);
        assertThat(escrow(id)).isEqualTo(REWARD);
        assertThat(Eventually.holds(() -> refunded(id) == 6 * REWARD)).as("refunded %d", refunded(id)).isTrue();
        assertThat(inFlight()).isZero();
        assertProblem(working.client().post("/v1/tasks/" + workingTask + "/submission", Map.of("text", pass(ANSWER))), 409,
                "task_canceled");
        assertProblem(buyer.client().post("/v1/campaigns/" + id + "/close", Map.of()), 409, "campaign_ended");

        buyer.client().post("/v1/submissions/" + sub + "/review", Map.of("decision", "reject", "reason", reason(),
                "category", "low_effort"));
        reviewed.client().post("/v1/submissions/" + sub + "/appeal", Map.of());
        buyer.client().post("/v1/submissions/" + sub + "/review", Map.of("decision", "reject", "reason", reason(),
                "category", "low_effort"));

        assertThat(escrow(id)).isZero();
        assertThat(Eventually.holds(() -> refunded(id) == 7 * REWARD)).as("refunded %d", refunded(id)).isTrue();
        String payment = jdbc.queryForObject("SELECT payment_id FROM campaign_fundings WHERE campaign_id = ?", String.class, id);
        assertThat(jdbc.queryForObject("SELECT amount_refunded FROM payment_attempts WHERE id = ?", Long.class, payment))
                .isEqualTo(7 * REWARD);
        assertThat(Eventually.holds(() -> mails("campaign_ended", buyer.id()) == 1)).isTrue();
    }

    @Test
    void twoHundredRespondersRacingForFiftySlotsGetExactlyFiftyPaid() throws Exception {
        Party buyer = party();
        String id = openCampaign(buyer, 50, REWARD);
        List<Party> responders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            responders.add(party());
        }
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(24)) {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < responders.size(); i++) {
                Party responder = responders.get(i);
                String text = (i % 4 == 0 ? fail(ANSWER) : pass(ANSWER)) + " #" + i;
                runs.add(pool.submit(() -> {
                    for (int attempt = 0; attempt < 400; attempt++) {
                        Api.Response task = responder.client().post("/v1/campaigns/" + id + "/tasks", Map.of());
                        if (task.status() == 201) {
                            Api.Response submitted = responder.client().post("/v1/tasks/" + task.id() + "/submission",
                                    Map.of("text", text));
                            outcomes.computeIfAbsent(submitted.status() + " " + submitted.body().path("status").asString(),
                                    k -> new AtomicInteger()).incrementAndGet();
                            return null;
                        }
                        if (!"no_slots_left".equals(task.code())) {
                            outcomes.computeIfAbsent(task.code(), k -> new AtomicInteger()).incrementAndGet();
                            return null;
                        }
                        Thread.sleep(5);
                    }
                    outcomes.computeIfAbsent("gave up", k -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        }

        assertThat(outcomes.get("201 paid").get()).as(outcomes.toString()).isEqualTo(50);
        assertThat(outcomes.keySet()).as(outcomes.toString()).containsOnly("201 paid", "201 failed", "campaign_not_open");
        JsonNode campaign = buyer.client().get("/v1/campaigns/" + id).body();
        assertThat(campaign.path("status").asString()).isEqualTo("completed");
        assertThat(campaign.path("slots").path("paid").asInt()).isEqualTo(50);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_submissions WHERE campaign_id = ? AND status = 'paid'",
                Long.class, id)).isEqualTo(50);
        assertThat(escrow(id)).isZero();
        assertThat(refunded(id)).isZero();
        long earned = 0;
        for (Party responder : responders) {
            earned += balance(AccountOwner.user(responder.id()), "seller.earnings.pending");
        }
        assertThat(earned).isEqualTo(50 * EARNED);
    }

    @Test
    void onlyTheBuyerMayScoreADraftAnswerAgainstTheCampaignsEarlierResponses() {
        Party buyer = party();
        String id = openCampaign(buyer, 2, REWARD);
        Map<String, Object> body = Map.of("campaign_id", id, "questions", List.of("How do reminders change your saving?"),
                "text", "Weekly reminders made me look at my spending before payday, so I moved money into savings first.");
        Api.Response own = buyer.client().post("/v1/verification/score", body);
        assertThat(own.status()).as(own.body().toString()).isEqualTo(200);
        assertThat(own.text("outcome")).isIn("PASS", "BORDERLINE", "FAIL");
        Api.Response other = party().client().post("/v1/verification/score", body);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.code()).isEqualTo("campaign_not_found");
    }

    @Test
    void scoringForOwnCampaignTakesItsPromptAndThresholdsWhenTheBodyLeavesThemOut() {
        Party buyer = party();
        String id = openCampaign(buyer, 2, REWARD, Map.of("minimum_words", 200, "thresholds", Map.of("pass", 0.99,
                "borderline", 0.98)));
        String text = "I use a spreadsheet because the budgeting tools I tried hid the categories I cared about, and"
                + " since I started I check my spending every Sunday and have cut takeaway food by half.";

        Api.Response defaulted = buyer.client().post("/v1/verification/score", Map.of("campaign_id", id, "text", text));
        assertThat(defaulted.status()).as(defaulted.body().toString()).isEqualTo(200);
        assertThat(defaulted.body().path("score").asDouble()).as(defaulted.body().toString()).isLessThan(0.98);
        assertThat(defaulted.body().path("scorers").toString()).as("the campaign's minimum length")
                .contains("33 of 200 words required");
        assertThat(defaulted.text("outcome")).as("the campaign's strict thresholds").isEqualTo("FAIL");

        // The same prompt and minimum given in full hit the cached scores the defaulted request left.
        Map<String, Object> explicit = campaign(2, REWARD);
        Api.Response spelledOut = buyer.client().post("/v1/verification/score", Map.of("campaign_id", id, "text", text,
                "questions", explicit.get("questions"), "guidance", explicit.get("guidance"), "minimum_words",
                200, "thresholds", Map.of("pass", 0.99, "borderline", 0.98)));
        assertThat(spelledOut.status()).as(spelledOut.body().toString()).isEqualTo(200);
        assertThat(spelledOut.body().path("score").asDouble()).isEqualTo(defaulted.body().path("score").asDouble());
        assertThat(spelledOut.body().path("cached").asBoolean()).isTrue();

        // What the body does give wins over the campaign's.
        Api.Response lenient = buyer.client().post("/v1/verification/score", Map.of("campaign_id", id, "text", text,
                "thresholds", Map.of("pass", 0.01, "borderline", 0.0)));
        assertThat(lenient.text("outcome")).as(lenient.body().toString()).isEqualTo("PASS");
        Api.Response otherPrompt = buyer.client().post("/v1/verification/score", Map.of("campaign_id", id, "text", text,
                "questions", List.of("What is your favourite colour?")));
        assertThat(otherPrompt.body().path("cached").asBoolean()).as(otherPrompt.body().toString()).isFalse();

        // Without a campaign (or for somebody else's) nothing is filled in.
        assertProblem(buyer.client().post("/v1/verification/score", Map.of("text", text)), 400, "invalid_questions");
        assertProblem(party().client().post("/v1/verification/score", Map.of("campaign_id", id, "text", text)), 404,
                "campaign_not_found");
    }

    @Test
    void analyticsShowScoresThemesAndPassRateAndExportHasEveryResponse() throws Exception {
        Party buyer = party();
        String id = openCampaign(buyer, 10, REWARD);
        String[] texts = {
                pass("The budgeting app reminders helped me save money every week. [score:0.91]"),
                pass("Budgeting app reminders kept my grocery spending honest. [score:0.82]"),
                pass("Weekly reminders from the budgeting app changed how I save money. [score:0.77]"),
                borderline("It was fine I guess, reminders were ok. [score:0.55]"),
                fail("Nothing to say. [score:0.12]")};
        for (String text : texts) {
            Party responder = party();
            responder.client().post("/v1/tasks/" + accept(responder, id) + "/submission", Map.of("text", text));
        }

        JsonNode report = buyer.client().get("/v1/campaigns/" + id + "/analytics").body();
        assertThat(report.path("responses").asInt()).isEqualTo(5);
        assertThat(report.path("passed").asInt()).isEqualTo(3);
        assertThat(report.path("pass_rate").asDouble()).isEqualTo(0.6);
        int[] histogram = new int[10];
        for (int i = 0; i < 10; i++) {
            histogram[i] = report.path("score_histogram").get(i).path("responses").asInt();
        }
        assertThat(histogram).containsExactly(0, 1, 0, 0, 0, 1, 0, 1, 1, 1);
        assertThat(report.path("scorers").findValuesAsString("scorer")).containsExactly("effort", "relevance");
        JsonNode terms = report.path("key_terms");
        Map<String, Integer> termCounts = new HashMap<>();
        terms.forEach(t -> termCounts.put(t.path("text").asString(), t.path("responses").asInt()));
        assertThat(termCounts).containsEntry("budgeting", 3).containsEntry("reminders", 3).containsEntry("app", 3)
                .containsEntry("save", 2).containsEntry("money", 2);
        assertThat(terms.get(0).path("responses").asInt()).isEqualTo(3);
        assertThat(report.path("key_terms").findValuesAsString("text")).doesNotContain("the", "my", "every");
        assertThat(report.path("key_phrases").get(0).path("text").asString()).isEqualTo("budgeting app");
        assertThat(report.path("key_phrases").get(0).path("responses").asInt()).isEqualTo(3);
        assertThat(report.path("over_time").get(0).path("submitted").asInt()).isEqualTo(5);

        HttpResponse<String> csv = rawGet(buyer, "/v1/campaigns/" + id + "/export?format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains(id + "-responses.csv");
        String[] lines = csv.body().strip().split("\r\n");
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).startsWith("submission_id,task_id,responder_id,status,outcome,score");
        assertThat(csv.body()).contains("grocery spending honest");
        JsonNode json = buyer.client().get("/v1/campaigns/" + id + "/export?format=json").body();
        assertThat(json.path("data")).hasSize(5);
        assertProblem(buyer.client().get("/v1/campaigns/" + id + "/export?format=xml"), 400, "invalid_format");
        assertProblem(party().client().get("/v1/campaigns/" + id + "/analytics"), 404, "campaign_not_found");
    }

    // --- helpers

    Party party() {
        String email = "c-" + UUID.randomUUID() + "@example.com";
        Api.Response created = admin().post("/v1/users", Map.of("name", "Campaign tester", "email", email));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String key = fixtures.keyFor(created.id());
        return new Party(created.id(), key, api.as(key));
    }

    Map<String, Object> campaign(int target, long reward) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "How do you budget?");
        body.put("questions", List.of("Which budgeting tool do you use and why?", "What changed since you started?"));
        body.put("guidance", "Describe your own experience in a few paragraphs.");
        body.put("reward", reward);
        body.put("currency", "USD");
        body.put("target", target);
        body.put("deadline", clock.instant().plus(Duration.ofDays(14)).toString());
        body.put("minimum_words", 10);
        return body;
    }

    static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(key, value);
        return changed;
    }

    String openCampaign(Party buyer, int target, long reward) {
        return openCampaign(buyer, target, reward, Map.of());
    }

    String openCampaign(Party buyer, int target, long reward, Map<String, Object> extra) {
        Map<String, Object> body = campaign(target, reward);
        body.putAll(extra);
        Api.Response created = buyer.client().post("/v1/campaigns", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        Api.Response funded = buyer.client().post("/v1/campaigns/" + created.id() + "/fund", Map.of("payment_method", "tok_visa"));
        assertThat(funded.status()).as(funded.body().toString()).isEqualTo(200);
        return created.id();
    }

    String accept(Party responder, String campaign) {
        Api.Response task = responder.client().post("/v1/campaigns/" + campaign + "/tasks", Map.of());
        assertThat(task.status()).as(task.body().toString()).isEqualTo(201);
        return task.id();
    }

    static String reason() {
        return "The response restates the question and gives no example from your own budgeting; the guidance asked for"
                + " concrete experiences over at least a month.";
    }

    long escrow(String campaignId) {
        return balance(new AccountOwner(OwnerType.SYSTEM, campaignId), "campaign.escrow");
    }

    long inFlight() {
        return balance(AccountOwner.system("campaigns"), "campaigns.refunds_in_flight");
    }

    long balance(AccountOwner owner, String purpose) {
        return accounts.find(owner, purpose, "USD").map(a -> accounts.balance(a.id()).posted()).orElse(0L);
    }

    long systemBalance(dev.mercato.ledger.NewAccount account) {
        return accounts.balance(accounts.idOf(account)).posted();
    }

    /** What the ledger posted to the accounts of {@code purpose} for campaign {@code campaignId}'s fundings and payments. */
    long campaignLegs(String campaignId, String purpose) {
        return jdbc.queryForObject("""
                SELECT coalesce(sum(p.amount), 0) FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id
                JOIN ledger_accounts a ON a.id = p.account_id
                WHERE a.purpose = ? AND ((t.type = 'campaign.funding' AND t.reference = ?)
                  OR (t.type = 'campaign.payment' AND t.metadata->>'campaign_id' = ?))""", Long.class, purpose, campaignId,
                campaignId);
    }

    /** What the ledger posted to the accounts of {@code purpose} when submission {@code submissionId} was paid. */
    long paymentLeg(String submissionId, String purpose) {
        return jdbc.queryForObject("""
                SELECT coalesce(sum(p.amount), 0) FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id
                JOIN ledger_accounts a ON a.id = p.account_id
                WHERE t.reference = ? AND t.type = 'campaign.payment' AND a.purpose = ?""", Long.class, submissionId, purpose);
    }

    long refunded(String campaignId) {
        return jdbc.queryForObject("SELECT coalesce(sum(amount), 0) FROM campaign_refunds WHERE campaign_id = ? AND status = 'succeeded'",
                Long.class, campaignId);
    }

    int mails(String template, String userId) {
        return jdbc.queryForObject("SELECT count(*) FROM mail_outbox WHERE template = ? AND user_id = ?", Integer.class,
                template, userId);
    }

    int webhookEvents(String type, String objectId) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_events WHERE type = ? AND object_id = ?", Integer.class,
                type, objectId);
    }

    HttpResponse<String> rawSubmit(Party responder, String task, String latin1Body) throws Exception {
        return HttpClient.newHttpClient().send(raw(responder, "/v1/tasks/" + task + "/submission")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1Body.getBytes(StandardCharsets.ISO_8859_1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> rawGet(Party caller, String path) throws Exception {
        return HttpClient.newHttpClient().send(raw(caller, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder raw(Party caller, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization",
                "Bearer " + caller.key());
    }
}
