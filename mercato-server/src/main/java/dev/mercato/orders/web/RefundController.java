package dev.mercato.orders.web;

import dev.mercato.orders.Refund;
import dev.mercato.orders.RefundManagement;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Refunds: operators (or the platform backend with an admin key) and sellers give money back. */
@RestController
class RefundController {

    private final RefundManagement refunds;

    RefundController(RefundManagement refunds) {
        this.refunds = refunds;
    }

    record LineBody(Integer line, Long amount) {
    }

    record RefundBody(String orderId, List<LineBody> lines, Long amount, String reason) {
    }

    record RefundView(String id, String object, String orderId, long amount, String status, String reason,
            List<Refund.Line> lines, String processorRefund, String failureCode, Instant createdAt) {
        static RefundView of(Refund r) {
            return new RefundView(r.id(), "refund", r.orderId(), r.amount(), r.status(), r.reason(), r.lines(),
                    r.processorRefund(), r.failureCode(), r.createdAt());
        }
    }

    @PostMapping("/v1/refunds")
    @ResponseStatus(HttpStatus.CREATED)
    RefundView refund(Caller caller, @RequestBody RefundBody body) {
        if (body.orderId() == null) {
            throw ApiException.invalid("validation_failed", "order_id is required");
        }
        List<RefundManagement.LineAmount> lines = body.lines() == null ? null : body.lines().stream().map(l -> {
            if (l == null || l.line() == null || l.amount() == null) {
                throw ApiException.invalid("validation_failed", "each line needs line and amount");
            }
            return new RefundManagement.LineAmount(l.line(), l.amount());
        }).toList();
        return RefundView.of(refunds.refund(caller, body.orderId(), lines, body.amount(), body.reason()));
    }

    @GetMapping("/v1/refunds/{id}")
    RefundView get(Caller caller, @PathVariable String id) {
        return refunds.find(id, caller).map(RefundView::of)
                .orElseThrow(() -> ApiException.notFound("refund_not_found", "no refund " + id));
    }
}
