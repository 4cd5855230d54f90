package dev.mercato.orders.web;

import dev.mercato.orders.Dispute;
import dev.mercato.orders.DisputeQueries;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Chargebacks as the processor reported them: operators list them all; a seller reads the ones holding its earnings. */
@RestController
class DisputeController {

    private final DisputeQueries disputes;

    DisputeController(DisputeQueries disputes) {
        this.disputes = disputes;
    }

    record DisputeView(String id, String object, String orderId, String adapter, String processorDisputeId,
            String currency, long amount, long fee, String status, List<Dispute.Share> heldFrom,
            String orderStatusBefore, Instant openedAt, Instant resolvedAt) {

        static DisputeView of(Dispute d) {
            return new DisputeView(d.id(), "dispute", d.orderId(), d.adapter(), d.processorDisputeId(), d.currency(),
                    d.amount(), d.fee(), d.status(), d.shares(), d.statusBefore().code(), d.openedAt(), d.resolvedAt());
        }
    }

    @GetMapping("/v1/disputes")
    Page<DisputeView> list(Caller caller, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        int size = Page.limit(limit);
        return Page.fromOverfetch(disputes.list(caller, status, startingAfter, size + 1), size).map(DisputeView::of);
    }

    @GetMapping("/v1/disputes/{id}")
    DisputeView get(Caller caller, @PathVariable String id) {
        return disputes.find(caller, id).map(DisputeView::of)
                .orElseThrow(() -> ApiException.notFound("dispute_not_found", "no dispute " + id));
    }
}
