package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.billing.core.InvoiceAction;
import dev.mercato.billing.core.InvoiceStateMachine;
import dev.mercato.testing.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Invoices: one per charge, issued in the charge's transaction with numbers that have no gaps even
 * when 20 subscriptions start at once; totals equal the charges and the ledger postings; the
 * transition table; the HTML view; an unpaid period's open invoice that an operator may void.
 */
class InvoiceTests extends BillingIntegrationTest {

    @Test
    void twentyParallelStartsGetInvoiceNumbersWithoutGapsAndTotalsEqualChargesAndLedger() throws Exception {
        List<Api.Client> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            users.add(api.as(fixtures.keyFor(fixtures.user())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Api.Response>> started = new ArrayList<>();
        for (Api.Client user : users) {
            started.add(pool.submit(() -> BillingFixtures.subscribe(user, "plan_pro", "tok_visa", false)));
        }
        List<String> subs = new ArrayList<>();
        for (Future<Api.Response> f : started) {
            Api.Response r = f.get();
            assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
            subs.add(r.id());
        }
        pool.shutdown();

        // Every year's numbers are exactly 1..n, and the counter stands at n.
        for (Map<String, Object> year : jdbc.queryForList("""
                SELECT substr(number, 5, 4)::int AS year, count(*) AS n, max(substr(number, 10)::bigint) AS max,
                       count(DISTINCT number) AS distinct_numbers
                FROM billing_invoices WHERE number IS NOT NULL GROUP BY 1""")) {
            assertThat(year.get("max")).as("no gaps in " + year.get("year")).isEqualTo(year.get("n"));
            assertThat(year.get("distinct_numbers")).isEqualTo(year.get("n"));
            assertThat(jdbc.queryForObject("SELECT last_number FROM billing_invoice_numbers WHERE year = ?", Long.class,
                    year.get("year"))).isEqualTo(year.get("n"));
        }

        for (int i = 0; i < 20; i++) {
            JsonNode list = users.get(i).get("/v1/invoices").body().path("data");
            assertThat(list).hasSize(1);
            JsonNode invoice = list.get(0);
            assertThat(invoice.path("number").asString()).matches("INV-\\d{4}-\\d{6}");
            assertThat(invoice.path("status").asString()).isEqualTo("paid");
            assertThat(invoice.path("subscription_id").asString()).isEqualTo(subs.get(i));
            BillingFixtures.Charge charge = billing.charges(subs.get(i)).getFirst();
            assertThat(invoice.path("total").asLong()).isEqualTo(charge.amount()).isEqualTo(9_99);
            assertThat(invoice.path("amount_paid").asLong()).isEqualTo(charge.paidByCard());
            assertThat(invoice.path("tax").asLong()).isZero();
            String txn = invoice.path("ledger_transaction_id").asString();
            assertThat(txn).isEqualTo(jdbc.queryForObject("SELECT ledger_txn_id FROM billing_charges WHERE subscription_id = ?",
                    String.class, subs.get(i)));
            assertThat(invoice.path("lines").get(0).path("ledger_transaction_id").asString()).isEqualTo(txn);
            assertThat(jdbc.queryForObject("""
                    SELECT sum(abs(p.amount)) FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
                    WHERE p.transaction_id = ? AND a.purpose NOT IN ('platform.subscription_revenue', 'processor.fees')""",
                    Long.class, txn)).as("what the customer paid, in the ledger").isEqualTo(invoice.path("total").asLong());
        }
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void anUpgradeIsInvoicedWithItsProrationLinesAndTheHtmlShowsThem() throws Exception {
        String userId = fixtures.user();
        String key = fixtures.keyFor(userId);
        Api.Client user = api.as(key);
        String sub = BillingFixtures.started(user, "plan_pro", false);
        clock.advance(Duration.ofDays(10));
        assertThat(BillingFixtures.change(user, sub, "plan_enterprise").status()).isEqualTo(200);
        JsonNode proration = user.get("/v1/invoices").body().path("data").get(0);
        assertThat(proration.path("lines")).extracting(l -> l.path("kind").asString())
                .containsExactly("proration_credit", "proration_charge");
        long lines = 0;
        for (JsonNode l : proration.path("lines")) {
            lines += l.path("amount").asLong();
        }
        assertThat(lines).isEqualTo(proration.path("total").asLong()).isEqualTo(billing.charges(sub).getLast().amount());
        assertThat(proration.path("lines").get(0).path("amount").asLong()).isNegative();

        HttpResponse<String> html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/invoices/" + proration.path("id").asString()))
                .header("Authorization", "Bearer " + key).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.body()).contains("<h1>Mercato</h1>", proration.path("number").asString(), "Unused time on Pro",
                "Remaining time on Enterprise", "Tax (", "Amount due");

        Api.Client stranger = fixtures.newUserClient();
        assertThat(stranger.get("/v1/invoices/" + proration.path("id").asString()).status()).isEqualTo(404);
    }

    @Test
    void anUnpaidPeriodHasAnOpenInvoiceThatOperatorsMayVoidOnce() {
        String userId = fixtures.user();
        Api.Client user = api.as(fixtures.keyFor(userId));
        String sub = BillingFixtures.started(user, "plan_pro", false);
        user.post("/v1/subscriptions/" + sub + "/payment-method", Map.of("payment_method", "tok_decline"));
        Instant end = Instant.parse(user.get("/v1/subscriptions/" + sub).text("current_period_end"));
        clock.advance(Duration.between(clock.instant(), end).plusSeconds(1));
        subscriptions.renewDue();
        subscriptions.retryPayment(sub);
        JsonNode open = user.get("/v1/invoices").body().path("data").get(0);
        assertThat(open.path("status").asString()).isEqualTo("open");
        assertThat(open.path("amount_due").asLong()).isEqualTo(9_99);
        assertThat(open.path("ledger_transaction_id").isNull()).as("nothing is in the ledger until paid").isTrue();
        assertThat(user.get("/v1/invoices").body().path("data")).as("one invoice per unpaid period, however many failures")
                .hasSize(2);
        String id = open.path("id").asString();

        Api.Response refused = user.post("/v1/invoices/" + id + "/void", Map.of());
        assertThat(refused.status()).isEqualTo(403);
        Api.Response voided = admin().post("/v1/invoices/" + id + "/void", Map.of());
        assertThat(voided.status()).as(voided.body().toString()).isEqualTo(200);
        assertThat(voided.text("status")).isEqualTo("void");
        Api.Response again = admin().post("/v1/invoices/" + id + "/void", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("invalid_transition");
        String paid = user.get("/v1/invoices").body().path("data").get(1).path("id").asString();
        assertThat(admin().post("/v1/invoices/" + paid + "/void", Map.of()).code()).isEqualTo("invalid_transition");
    }

    @Test
    void theTransitionTableAllowsOnlyDraftOpenPaidVoidUncollectible() {
        Map<InvoiceStatus, Map<InvoiceAction, InvoiceStatus>> legal = Map.of(
                InvoiceStatus.DRAFT, Map.of(InvoiceAction.FINALIZE, InvoiceStatus.OPEN, InvoiceAction.VOID, InvoiceStatus.VOID),
                InvoiceStatus.OPEN, Map.of(InvoiceAction.PAY, InvoiceStatus.PAID, InvoiceAction.VOID, InvoiceStatus.VOID,
                        InvoiceAction.MARK_UNCOLLECTIBLE, InvoiceStatus.UNCOLLECTIBLE),
                InvoiceStatus.PAID, Map.of(), InvoiceStatus.VOID, Map.of(), InvoiceStatus.UNCOLLECTIBLE, Map.of());
        for (InvoiceStatus from : InvoiceStatus.values()) {
            for (InvoiceAction action : InvoiceAction.values()) {
                InvoiceStatus to = legal.get(from).get(action);
                if (to != null) {
                    assertThat(InvoiceStateMachine.next(from, action)).as(from + " " + action).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> InvoiceStateMachine.next(from, action)).as(from + " " + action)
                            .isInstanceOf(IllegalStateException.class).hasMessageContaining(from.code());
                }
            }
        }
    }
}
