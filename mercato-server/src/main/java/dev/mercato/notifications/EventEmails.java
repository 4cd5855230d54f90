package dev.mercato.notifications;

import dev.mercato.billing.SubscriptionPaymentAbandoned;
import dev.mercato.billing.SubscriptionPaymentConfirmed;
import dev.mercato.billing.SubscriptionPaymentFailed;
import dev.mercato.billing.SubscriptionPaymentRecovered;
import dev.mercato.campaigns.CampaignEnded;
import dev.mercato.campaigns.CampaignManagement;
import dev.mercato.campaigns.CampaignResponseReceived;
import dev.mercato.campaigns.SubmissionDecided;
import dev.mercato.catalog.Listing;
import dev.mercato.catalog.ListingManagement;
import dev.mercato.orders.Checkout;
import dev.mercato.orders.Order;
import dev.mercato.orders.OrderLine;
import dev.mercato.orders.OrderPaid;
import dev.mercato.orders.OrderRefunded;
import dev.mercato.payouts.PayoutFailed;
import dev.mercato.payouts.PayoutPaid;
import dev.mercato.reviews.ReviewApproved;
import dev.mercato.reviews.ReviewRejected;
import dev.mercato.webhooks.WebhookEndpointDisabled;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * The emails that follow from other modules' events. Each listener runs after the event's
 * transaction committed, in a transaction of its own, and enqueues its emails in it; a redelivered
 * event enqueues nothing twice (the keys below).
 */
@Component
class EventEmails {

    private final Notifications notifications;
    private final Checkout orders;
    private final ListingManagement listings;
    private final CampaignManagement campaigns;

    EventEmails(Notifications notifications, Checkout orders, ListingManagement listings, CampaignManagement campaigns) {
        this.notifications = notifications;
        this.orders = orders;
        this.listings = listings;
        this.campaigns = campaigns;
    }

    /** A receipt to the buyer, and to each seller on the order a notice of what it sold. */
    @ApplicationModuleListener
    void on(OrderPaid paid) {
        Order order = orders.find(paid.orderId()).orElseThrow();
        notifications.toUser("order_receipt:" + order.id(), order.buyerId(), MailTemplate.ORDER_RECEIPT,
                Map.of("order_id", order.id(), "lines", lines(order.lines(), order.currency()),
                        "total", Amounts.format(order.total(), order.currency()), "paid_at", time(paid.paidAt())));
        for (OrderPaid.SellerEarning earning : paid.earnings()) {
            List<OrderLine> sold = order.lines().stream().filter(l -> l.sellerId().equals(earning.sellerId())).toList();
            notifications.toUser("new_sale:" + order.id() + ":" + earning.sellerId(), earning.sellerId(),
                    MailTemplate.NEW_SALE, Map.of("order_id", order.id(), "lines", lines(sold, order.currency()),
                            "earnings", Amounts.format(earning.amount(), paid.currency())));
        }
    }

    @ApplicationModuleListener
    void on(OrderRefunded refunded) {
        Order order = orders.find(refunded.orderId()).orElseThrow();
        notifications.toUser("refund_issued:" + refunded.refundId(), order.buyerId(), MailTemplate.REFUND_ISSUED,
                Map.of("order_id", order.id(), "refund_id", refunded.refundId(),
                        "amount", Amounts.format(refunded.amount(), refunded.currency()), "full", refunded.full()));
    }

    @ApplicationModuleListener
    void on(PayoutPaid paid) {
        notifications.toUser("payout_paid:" + paid.payoutId(), paid.sellerId(), MailTemplate.PAYOUT_PAID,
                Map.of("payout_id", paid.payoutId(), "amount", Amounts.format(paid.amount(), paid.currency())));
    }

    @ApplicationModuleListener
    void on(PayoutFailed failed) {
        notifications.toUser("payout_failed:" + failed.payoutId(), failed.sellerId(), MailTemplate.PAYOUT_FAILED,
                Map.of("payout_id", failed.payoutId(), "amount", Amounts.format(failed.amount(), failed.currency()),
                        "failure_code", Objects.requireNonNullElse(failed.failureCode(), "unknown"), "was_paid", failed.wasPaid()));
    }

    /** The seller hears of each review that is published on its listing (an edit re-approved is news again). */
    @ApplicationModuleListener
    void on(ReviewApproved approved) {
        notifications.toUser("review_approved:" + approved.reviewId() + ":" + approved.at().toEpochMilli(),
                approved.sellerId(), MailTemplate.REVIEW_APPROVED, Map.of("review_id", approved.reviewId(),
                        "listing_id", approved.listingId(), "listing_title", title(approved.listingId()),
                        "stars", approved.stars()));
    }

    /** The author learns why its review is not shown, and that an edit sends it back to moderation. */
    @ApplicationModuleListener
    void on(ReviewRejected rejected) {
        notifications.toUser("review_rejected:" + rejected.reviewId() + ":" + rejected.at().toEpochMilli(),
                rejected.authorId(), MailTemplate.REVIEW_REJECTED, Map.of("review_id", rejected.reviewId(),
                        "listing_id", rejected.listingId(), "listing_title", title(rejected.listingId()),
                        "reason", rejected.reason()));
    }

    /** Operators hear when Mercato gave up on a webhook endpoint, so they can fix the receiver and enable it. */
    @ApplicationModuleListener
    void on(WebhookEndpointDisabled disabled) {
        notifications.alertOperators("webhook_endpoint_disabled:" + disabled.endpointId() + ":"
                + disabled.disabledAt().toEpochMilli(), "Webhook endpoint disabled: " + disabled.url(),
                "Mercato disabled webhook endpoint " + disabled.endpointId() + " (" + disabled.url() + ") at "
                        + time(disabled.disabledAt()) + ": " + disabled.reason() + ". Its deliveries have failed since "
                        + time(disabled.failingSince()) + ". Fix the receiver, then enable the endpoint again with "
                        + "PATCH /v1/webhook-endpoints/" + disabled.endpointId() + " {\"disabled\": false}.");
    }

    /** Dunning: the subscriber learns the payment failed, when it is tried again, and how to give another card. */
    @ApplicationModuleListener
    void on(SubscriptionPaymentFailed failed) {
        Map<String, Object> model = new HashMap<>();
        model.put("subscription_id", failed.subscriptionId());
        model.put("plan", plan(failed.planId()));
        model.put("amount", Amounts.format(failed.amount(), failed.currency()));
        model.put("failure_code", Objects.requireNonNullElse(failed.failureCode(), "unknown"));
        model.put("next_attempt", failed.nextAttemptAt() == null ? null : time(failed.nextAttemptAt()));
        model.put("final_action_at", failed.finalActionAt() == null ? null : time(failed.finalActionAt()));
        model.put("cancels", "cancel".equals(failed.finalAction()));
        notifications.toUser("subscription_payment_failed:" + failed.subscriptionId() + ":" + failed.at().toEpochMilli(),
                failed.userId(), MailTemplate.SUBSCRIPTION_PAYMENT_FAILED, model);
    }

    @ApplicationModuleListener
    void on(SubscriptionPaymentRecovered recovered) {
        notifications.toUser("subscription_payment_recovered:" + recovered.subscriptionId() + ":"
                        + recovered.periodStart().toEpochMilli(), recovered.userId(), MailTemplate.SUBSCRIPTION_PAYMENT_RECOVERED,
                Map.of("subscription_id", recovered.subscriptionId(), "plan", plan(recovered.planId()),
                        "amount", Amounts.format(recovered.amount(), recovered.currency()),
                        "period_end", time(recovered.periodEnd())));
    }

    /** The processor confirmed a subscription payment: a receipt, once per payment (transactional, like order receipts). */
    @ApplicationModuleListener
    void on(SubscriptionPaymentConfirmed confirmed) {
        Map<String, Object> model = new HashMap<>();
        model.put("subscription_id", confirmed.subscriptionId());
        model.put("plan", plan(confirmed.planId()));
        model.put("amount", Amounts.format(confirmed.amount(), confirmed.currency()));
        model.put("payment_id", confirmed.paymentId());
        model.put("invoice_id", confirmed.invoiceId());
        model.put("invoice_number", confirmed.invoiceNumber());
        model.put("period_start", time(confirmed.periodStart()));
        model.put("period_end", time(confirmed.periodEnd()));
        notifications.toUser("subscription_payment_confirmed:" + confirmed.paymentId(), confirmed.userId(),
                MailTemplate.SUBSCRIPTION_PAYMENT_CONFIRMED, model);
    }

    @ApplicationModuleListener
    void on(SubscriptionPaymentAbandoned abandoned) {
        notifications.toUser("subscription_unpaid:" + abandoned.subscriptionId() + ":" + abandoned.at().toEpochMilli(),
                abandoned.userId(), MailTemplate.SUBSCRIPTION_UNPAID, Map.of("subscription_id", abandoned.subscriptionId(),
                        "plan", plan(abandoned.planId()), "amount", Amounts.format(abandoned.amount(), abandoned.currency()),
                        "canceled", "canceled".equals(abandoned.action()), "attempts", abandoned.failedPayments()));
    }

    /** The buyer hears of each verified response to its campaign, above all of those waiting for its review. */
    @ApplicationModuleListener
    void on(CampaignResponseReceived received) {
        Map<String, Object> model = new HashMap<>();
        model.put("campaign_id", received.campaignId());
        model.put("campaign_title", campaignTitle(received.campaignId()));
        model.put("submission_id", received.submissionId());
        model.put("status", received.status().replace('_', ' '));
        model.put("score", String.format(java.util.Locale.ROOT, "%.2f", received.score()));
        model.put("in_review", "in_review".equals(received.status()));
        notifications.toUser("campaign_response:" + received.submissionId(), received.buyerId(),
                MailTemplate.CAMPAIGN_RESPONSE, model);
    }

    @ApplicationModuleListener
    void on(CampaignEnded ended) {
        notifications.toUser("campaign_ended:" + ended.campaignId(), ended.buyerId(), MailTemplate.CAMPAIGN_ENDED,
                Map.of("campaign_id", ended.campaignId(), "campaign_title", ended.title(), "status", ended.status(),
                        "completed", "completed".equals(ended.status()), "paid", ended.paid(),
                        "refunded", Amounts.format(ended.refunded(), ended.currency()), "has_refund", ended.refunded() > 0));
    }

    /** The responder learns the verdict: what it earned, that it waits for review, or what failed and how to do better. */
    @ApplicationModuleListener
    void on(SubmissionDecided decided) {
        Map<String, Object> model = new HashMap<>();
        model.put("submission_id", decided.submissionId());
        model.put("campaign_title", decided.campaignTitle());
        model.put("paid", "paid".equals(decided.status()));
        model.put("failed", "failed".equals(decided.status()));
        model.put("in_review", "in_review".equals(decided.status()));
        model.put("rejected", "rejected".equals(decided.status()));
        model.put("result", switch (decided.status()) {
            case "failed" -> "not accepted";
            case "in_review" -> "in review";
            case "rejected" -> "rejected";
            default -> decided.status();
        });
        model.put("earned", Amounts.format(decided.earned(), decided.currency()));
        model.put("failed_checks", String.join(", ", decided.failedChecks()));
        model.put("tips", decided.tips());
        model.put("reason", decided.reason());
        notifications.toUser("submission_result:" + decided.submissionId() + ":" + decided.status() + ":"
                + decided.at().toEpochMilli(), decided.responderId(), MailTemplate.SUBMISSION_RESULT, model);
    }

    private String campaignTitle(String campaignId) {
        return campaigns.find(campaignId).map(dev.mercato.campaigns.Campaign::title).orElse(campaignId);
    }

    /** A plan's display name from its id ({@code plan_pro}: Pro). */
    private static String plan(String planId) {
        String code = planId.startsWith("plan_") ? planId.substring(5) : planId;
        return code.isEmpty() ? planId : Character.toUpperCase(code.charAt(0)) + code.substring(1).replace('_', ' ');
    }

    /** The listing's title while it is published; its id otherwise. */
    private String title(String listingId) {
        return listings.visible(listingId, Optional.empty()).map(Listing::title).orElse(listingId);
    }

    private static List<Map<String, Object>> lines(List<OrderLine> lines, String currency) {
        return lines.stream().map(l -> {
            Map<String, Object> line = new HashMap<>();
            line.put("title", l.title());
            line.put("price", Amounts.format(l.price(), currency));
            return line;
        }).toList();
    }

    /** RFC 3339 to the second, in UTC. */
    private static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
