package dev.mercato.payouts.web;

import dev.mercato.payouts.Payout;
import dev.mercato.payouts.PayoutManagement;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A seller asks to be paid, and sees its payouts. */
@RestController
class PayoutController {

    private final PayoutManagement payouts;

    PayoutController(PayoutManagement payouts) {
        this.payouts = payouts;
    }

    record RequestPayout(Long amount, String currency) {
    }

    record PayoutView(String id, String object, String sellerId, String currency, long amount, String status,
            String processor, String processorTransferId, String failureCode, String origin, Instant createdAt,
            Instant paidAt) {
        static PayoutView of(Payout p) {
            return new PayoutView(p.id(), "payout", p.sellerId(), p.currency(), p.amount(), p.status().code(), p.processor(),
                    p.processorTransferId(), p.failureCode(), p.origin().code(), p.createdAt(), p.paidAt());
        }
    }

    /** Pays out {@code amount} (or all that is available) of one currency. */
    @PostMapping("/v1/payouts")
    @ResponseStatus(HttpStatus.CREATED)
    PayoutView request(Caller caller, @RequestBody RequestPayout body) {
        if (body.amount() != null && body.amount() <= 0) {
            throw ApiException.invalid("invalid_amount", "amount is a positive number of minor units");
        }
        return PayoutView.of(payouts.request(caller.userId(), body.amount(), body.currency()));
    }

    @GetMapping("/v1/payouts")
    Page<PayoutView> history(Caller caller, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        int size = Page.limit(limit);
        return Page.fromOverfetch(payouts.history(caller.userId(), startingAfter, size + 1), size).map(PayoutView::of);
    }

    @GetMapping("/v1/payouts/{id}")
    PayoutView get(Caller caller, @PathVariable String id) {
        return payouts.find(id).filter(p -> caller.mayAccess(p.sellerId())).map(PayoutView::of)
                .orElseThrow(() -> ApiException.notFound("payout_not_found", "no payout " + id));
    }
}
