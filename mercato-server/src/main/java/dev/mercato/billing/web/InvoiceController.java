package dev.mercato.billing.web;

import dev.mercato.billing.Invoice;
import dev.mercato.billing.InvoiceManagement;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** A user's invoices as JSON, one as HTML ({@code Accept: text/html}); operators void open ones. */
@RestController
class InvoiceController {

    private final InvoiceManagement invoices;
    private final String platformName;

    InvoiceController(InvoiceManagement invoices,
            @Value("${mercato.notifications.platform-name:Mercato}") String platformName) {
        this.invoices = invoices;
        this.platformName = platformName;
    }

    record LineView(String kind, String description, long amount, String ledgerTransactionId) {
    }

    record InvoiceView(String id, String object, String number, String userId, String subscriptionId, String status,
            String currency, long subtotal, long discount, long tax, BigDecimal taxRatePercent, long total,
            long creditApplied, long amountDue,
            long amountPaid, Instant periodStart, Instant periodEnd, String paymentId, String ledgerTransactionId,
            List<LineView> lines, Instant createdAt, Instant finalizedAt, Instant paidAt, Instant voidedAt,
            Instant markedUncollectibleAt) {

        static InvoiceView of(Invoice i) {
            return new InvoiceView(i.id(), "invoice", i.number(), i.userId(), i.subscriptionId(), i.status().code(),
                    i.currency(), i.subtotal(), i.discount(), i.tax(), i.taxRatePercent(), i.total(), i.creditApplied(),
                    i.amountDue(),
                    i.amountPaid(), i.periodStart(), i.periodEnd(), i.paymentId(), i.ledgerTxnId(),
                    i.lines().stream().map(l -> new LineView(l.kind(), l.description(), l.amount(), l.ledgerTxnId())).toList(),
                    i.createdAt(), i.finalizedAt(), i.paidAt(), i.voidedAt(), i.markedUncollectibleAt());
        }
    }

    @GetMapping("/v1/invoices")
    Page<InvoiceView> list(Caller caller, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        return invoices.list(caller, startingAfter, Page.limit(limit)).map(InvoiceView::of);
    }

    /** JSON, or the rendered invoice when the client asks for {@code text/html} (a browser does). */
    @GetMapping("/v1/invoices/{id}")
    ResponseEntity<?> get(Caller caller, @PathVariable String id,
            @RequestHeader(name = "Accept", required = false) String accept) {
        Invoice i = invoices.find(caller, id);
        if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)) {
            return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                    .body(html(i));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(InvoiceView.of(i));
    }

    private String html(Invoice i) {
        StringBuilder rows = new StringBuilder();
        for (Invoice.Line l : i.lines()) {
            rows.append("<tr><td>").append(e(l.description())).append("</td><td class=\"amount\">")
                    .append(e(amount(l.amount(), i.currency()))).append("</td></tr>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%1$s invoice %2$s</title>
                <style>body{font-family:sans-serif;max-width:40em;margin:2em auto}td{padding:.3em .6em}.amount{text-align:right}</style>
                </head><body>
                <h1>%1$s</h1>
                <h2>Invoice %2$s</h2>
                <p>Status: %3$s<br>Subscription: %4$s<br>Period: %5$s to %6$s<br>Issued: %7$s</p>
                <table>
                %8$s<tr><td>Subtotal</td><td class="amount">%9$s</td></tr>
                <tr><td>Discount</td><td class="amount">%16$s</td></tr>
                <tr><td>Tax (%10$s%%, on the subtotal less the discount)</td><td class="amount">%11$s</td></tr>
                <tr><td>Total</td><td class="amount">%12$s</td></tr>
                <tr><td>Account credit applied</td><td class="amount">%13$s</td></tr>
                <tr><td><strong>Amount due</strong></td><td class="amount"><strong>%14$s</strong></td></tr>
                <tr><td>Amount paid</td><td class="amount">%15$s</td></tr>
                </table>
                </body></html>
                """.formatted(e(platformName), e(i.number() == null ? i.id() : i.number()), e(i.status().code()),
                e(i.subscriptionId()), e(String.valueOf(i.periodStart())), e(String.valueOf(i.periodEnd())),
                e(String.valueOf(i.finalizedAt() == null ? i.createdAt() : i.finalizedAt())), rows,
                e(amount(i.subtotal(), i.currency())), e(i.taxRatePercent().toPlainString()), e(amount(i.tax(), i.currency())),
                e(amount(i.total(), i.currency())), e(amount(i.creditApplied(), i.currency())),
                e(amount(i.amountDue(), i.currency())), e(amount(i.amountPaid(), i.currency())),
                e(amount(-i.discount(), i.currency())));
    }

    @PostMapping("/v1/invoices/{id}/void")
    InvoiceView voidInvoice(Caller caller, @PathVariable String id) {
        return InvoiceView.of(invoices.voidInvoice(caller, id));
    }

    private static String amount(long minor, String currency) {
        return Invoice.amount(minor, currency);
    }

    private static String e(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}
