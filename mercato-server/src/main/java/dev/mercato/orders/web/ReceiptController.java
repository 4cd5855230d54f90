package dev.mercato.orders.web;

import dev.mercato.orders.Checkout;
import dev.mercato.orders.Order;
import dev.mercato.orders.OrderLine;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** Receipts of paid orders, as JSON or as an HTML page (by the Accept header). */
@RestController
class ReceiptController {

    private final Checkout checkout;

    ReceiptController(Checkout checkout) {
        this.checkout = checkout;
    }

    record ReceiptLine(String description, String listingId, int listingVersion, String sellerId, long amount) {
    }

    record Receipt(String object, String orderId, String buyerId, String currency, long total, String totalFormatted,
            List<ReceiptLine> lines, String paymentId, Instant paidAt) {
    }

    @GetMapping(path = "/v1/orders/{id}/receipt", produces = MediaType.APPLICATION_JSON_VALUE)
    Receipt json(Caller caller, @PathVariable String id) {
        Order order = paid(caller, id);
        return new Receipt("receipt", order.id(), order.buyerId(), order.currency(), order.total(),
                format(order.total(), order.currency()),
                order.lines().stream().map(l -> new ReceiptLine(l.title(), l.listingId(), l.listingVersion(), l.sellerId(),
                        l.price())).toList(), order.paymentId(), order.paidAt());
    }

    @GetMapping(path = "/v1/orders/{id}/receipt", produces = MediaType.TEXT_HTML_VALUE)
    String html(Caller caller, @PathVariable String id) {
        Order order = paid(caller, id);
        StringBuilder rows = new StringBuilder();
        for (OrderLine line : order.lines()) {
            rows.append("<tr><td>").append(HtmlUtils.htmlEscape(line.title())).append("</td><td class=\"amount\">")
                    .append(format(line.price(), order.currency())).append("</td></tr>\n");
        }
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Receipt %1$s</title>
                <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto}table{width:100%%;border-collapse:collapse}
                td{padding:.4rem;border-bottom:1px solid #ddd}.amount{text-align:right}tfoot td{font-weight:bold}</style></head>
                <body><h1>Receipt</h1><p>Order %1$s, paid %2$s</p>
                <table><tbody>
                %3$s</tbody><tfoot><tr><td>Total</td><td class="amount">%4$s</td></tr></tfoot></table>
                <p>Payment %5$s</p></body></html>
                """.formatted(HtmlUtils.htmlEscape(order.id()), order.paidAt(), rows, format(order.total(), order.currency()),
                HtmlUtils.htmlEscape(String.valueOf(order.paymentId())));
    }

    private Order paid(Caller caller, String id) {
        Order order = checkout.find(id, caller).orElseThrow(() -> ApiException.notFound("order_not_found", "no order " + id));
        if (order.paidAt() == null) {
            throw new ApiException(409, "order_not_paid", "a receipt exists once the order is paid");
        }
        return order;
    }

    /** Minor units shown in the currency's own scale, e.g. 4999 USD → "USD 49.99". */
    private static String format(long minor, String currency) {
        int scale = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return currency + " " + BigDecimal.valueOf(minor, scale).toPlainString();
    }
}
