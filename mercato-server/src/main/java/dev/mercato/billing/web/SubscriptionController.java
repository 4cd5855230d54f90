package dev.mercato.billing.web;

import dev.mercato.billing.SubscriptionManagement;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A user's subscriptions: start, change, cancel, pause, resume, payment method. */
@RestController
class SubscriptionController {

    private final SubscriptionManagement subscriptions;

    SubscriptionController(SubscriptionManagement subscriptions) {
        this.subscriptions = subscriptions;
    }

    record CancelBody(Boolean atPeriodEnd) {
    }

    record PaymentMethodBody(String paymentMethod) {
    }

    @PostMapping("/v1/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    BillingViews.SubscriptionView start(Caller caller, @RequestBody SubscriptionManagement.StartRequest body) {
        return BillingViews.SubscriptionView.of(subscriptions.start(caller, body));
    }

    @GetMapping("/v1/subscriptions")
    Page<BillingViews.SubscriptionView> list(Caller caller, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        return subscriptions.list(caller, startingAfter, Page.limit(limit)).map(BillingViews.SubscriptionView::of);
    }

    @GetMapping("/v1/subscriptions/{id}")
    BillingViews.SubscriptionView get(Caller caller, @PathVariable String id) {
        return BillingViews.SubscriptionView.of(subscriptions.find(caller, id));
    }

    @PostMapping("/v1/subscriptions/{id}/change")
    BillingViews.SubscriptionView change(Caller caller, @PathVariable String id,
            @RequestBody SubscriptionManagement.ChangeRequest body) {
        return BillingViews.SubscriptionView.of(subscriptions.change(caller, id, body));
    }

    /** {@code {"at_period_end": false}} ends it now; the default keeps it until the period ends. */
    @PostMapping("/v1/subscriptions/{id}/cancel")
    BillingViews.SubscriptionView cancel(Caller caller, @PathVariable String id,
            @RequestBody(required = false) CancelBody body) {
        boolean atPeriodEnd = body == null || body.atPeriodEnd() == null || body.atPeriodEnd();
        return BillingViews.SubscriptionView.of(subscriptions.cancel(caller, id, atPeriodEnd));
    }

    @PostMapping("/v1/subscriptions/{id}/pause")
    BillingViews.SubscriptionView pause(Caller caller, @PathVariable String id) {
        return BillingViews.SubscriptionView.of(subscriptions.pause(caller, id));
    }

    @PostMapping("/v1/subscriptions/{id}/resume")
    BillingViews.SubscriptionView resume(Caller caller, @PathVariable String id) {
        return BillingViews.SubscriptionView.of(subscriptions.resume(caller, id));
    }

    @PostMapping("/v1/subscriptions/{id}/payment-method")
    BillingViews.SubscriptionView paymentMethod(Caller caller, @PathVariable String id,
            @RequestBody PaymentMethodBody body) {
        return BillingViews.SubscriptionView.of(subscriptions.updatePaymentMethod(caller, id, body.paymentMethod()));
    }
}
