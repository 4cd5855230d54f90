package dev.mercato.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.catalog.ListingManagement;
import dev.mercato.ledger.LedgerVerification;
import dev.mercato.payments.PaymentManagement;
import dev.mercato.payments.PaymentProcessors;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Checkout end to end over HTTP, with the ledger checked after each scenario. */
class CheckoutTests extends IntegrationTest {

    @Autowired
    Accounts accounts;
    @Autowired
    LedgerVerification verification;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Orders orders;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbcClient;
    @Autowired
    Purchases purchases;
    @Autowired
    CommissionRules commissionRules;
    @Autowired
    OrderLedger orderLedger;
    @Autowired
    ListingManagement listings;
    @Autowired
    PaymentManagement payments;
    @Autowired
    PaymentProcessors processors;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    Downloads downloads;
    @Autowired
    Clock clock;
    @Autowired
    AuditLog audit;

    HttpFixtures fixtures;
    String category;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        category = admin().post("/v1/categories", Map.of("name", "Learning", "slug", "l-" + UUID.randomUUID())).id();
    }

    @Test
    void aStudentBuysACourseTheInstructorEarnsSeventyPercentAndThePlatformThirtyLessTheFee() {
        Api.Client instructor = seller();
        String course = publish(instructor, course("Ledgers 101", 49_99));
        Api.Client student = fixtures.newUserClient();
        long revenueBefore = balance(AccountOwner.platform(), "platform.revenue");
        long feesBefore = balance(AccountOwner.system("processor"), "processor.fees");

        Api.Response order = student.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course))));
        assertThat(order.status()).as(order.body().toString()).isEqualTo(201);
        assertThat(order.text("status")).isEqualTo("pending_payment");
        assertThat(order.number("total")).isEqualTo(49_99);
        Api.Response paid = student.post("/v1/orders/" + order.id() + "/pay", Map.of("payment_method", "tok_visa"));

        assertThat(paid.status()).as(paid.body().toString()).isEqualTo(200);
        assertThat(paid.text("status")).isEqualTo("paid");
        var line = paid.body().path("lines").get(0);
        assertThat(line.path("commission").asLong()).isEqualTo(15_00);
        assertThat(line.path("seller_earnings").asLong()).isEqualTo(34_99);
        assertThat(line.path("processor_fee").asLong()).isEqualTo(1_75);
        assertThat(line.path("platform_revenue").asLong()).isEqualTo(13_25);
        assertThat(balance(AccountOwner.user(userId(instructor)), "seller.earnings.pending")).isEqualTo(34_99);
        assertThat(balance(AccountOwner.platform(), "platform.revenue") - revenueBefore).isEqualTo(13_25);
        assertThat(balance(AccountOwner.system("processor"), "processor.fees") - feesBefore).isEqualTo(1_75);
        // The escrow is a pass-through: every capture is split out in the same step.
        assertThat(balance(AccountOwner.system("orders"), "orders.escrow")).isZero();
        assertThat(accounts.find(AccountOwner.system("processor"), "processor.clearing", "USD").orElseThrow().stripes())
                .isEqualTo(MarketplaceAccounts.STRIPES);
        assertThat(jdbc.queryForObject("""
                SELECT o.xmin::text = a.xmin::text AND o.xmin::text = t.xmin::text FROM orders o
                JOIN payment_attempts a ON a.id = o.payment_id
                JOIN ledger_transactions t ON t.reference = o.id AND t.type = 'order.split' WHERE o.id = ?""",
                Boolean.class, order.id())).as("the capture's record, the paid order and its split: one commit").isTrue();
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void payAnswersWithTheOrderExactlyAsItIsStoredAndAudited() {
        Api.Client alice = seller();
        Api.Client bob = seller();
        String course = publish(alice, course("Alice's answers", 30_00));
        String other = publish(bob, course("Bob's answers", 12_34));
        Api.Client student = fixtures.newUserClient();
        String order = student.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course),
                Map.of("listing_id", other)))).id();

        Api.Response paid = student.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa"));

        assertThat(paid.status()).as(paid.body().toString()).isEqualTo(200);
        assertThat(paid.body()).as("pay answers from memory what a read gives").isEqualTo(student.get("/v1/orders/" + order).body());
        String requestId = paid.raw().headers().firstValue("X-Request-Id").orElseThrow();
        var change = admin().get("/v1/audit-events?request_id=" + requestId).body().path("data").get(0)
                .path("summary").path("changes").get(0);
        assertThat(change.path("after").path("status").asString()).isEqualTo("paid");
        assertThat(change.path("after").path("payment_step").asString()).isEqualTo("captured");
        assertThat(change.path("after").path("processor_fee").asLong()).isEqualTo(paid.number("processor_fee"));
        assertThat(change.path("after").path("lines").toString()).as("the audit's after-state shows each line's split")
                .contains("seller " + paid.body().path("lines").get(0).path("seller_earnings").asLong(),
                        "seller " + paid.body().path("lines").get(1).path("seller_earnings").asLong());
    }

    @Test
    void aCartWithItemsFromSeveralSellersIsOneOrderSplitPerSeller() {
        Api.Client alice = seller();
        Api.Client bob = seller();
        String course = publish(alice, course("Alice's course", 20_00));
        String service = publish(bob, Map.of("kind", "service", "title", "Bob reviews your code", "description", "One PR",
                "category_id", category, "price", Map.of("amount", 10_00, "currency", "USD"),
                "attributes", Map.of("delivery_days", 3)));
        Api.Client buyer = fixtures.newUserClient();

        Api.Response order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course),
                Map.of("listing_id", service))));
        Api.Response paid = buyer.post("/v1/orders/" + order.id() + "/pay", Map.of("payment_method", "tok_visa"));

        assertThat(paid.text("status")).isEqualTo("paid");
        assertThat(paid.number("total")).isEqualTo(30_00);
        assertThat(balance(AccountOwner.user(userId(alice)), "seller.earnings.pending")).isEqualTo(14_00);
        assertThat(balance(AccountOwner.user(userId(bob)), "seller.earnings.pending")).isEqualTo(8_00);
        long fees = 0;
        for (var line : paid.body().path("lines")) {
            fees += line.path("processor_fee").asLong();
            assertThat(line.path("seller_earnings").asLong() + line.path("platform_revenue").asLong()
                    + line.path("processor_fee").asLong()).isEqualTo(line.path("price").asLong());
        }
        assertThat(fees).isEqualTo(paid.number("processor_fee")).isEqualTo(117); // 2.9% of 30.00 + 0.30
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aDeclinedCardMovesNothingAndAnotherCardThenPays() {
        String course = publish(seller(), course("Declined first", 25_00));
        Api.Client buyer = fixtures.newUserClient();
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();

        Api.Response declined = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_decline"));

        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.code()).isEqualTo("card_declined");
        Api.Response after = buyer.get("/v1/orders/" + order);
        assertThat(after.text("status")).isEqualTo("pending_payment");
        assertThat(after.text("payment_step")).isEqualTo("failed");
        assertThat(ledgerTransactionsFor(order)).isZero();
        assertThat(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_decline")).code())
                .as("the same card, the same answer").isEqualTo("card_declined");

        assertThat(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")).text("status"))
                .isEqualTo("paid");
    }

    @Test
    void payingTwiceOrConcurrentlyChargesOnce() throws Exception {
        Api.Client instructor = seller();
        String course = publish(instructor, course("Raced", 40_00));
        Api.Client buyer = fixtures.newUserClient();
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();

        List<CompletableFuture<Api.Response>> racing = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            racing.add(CompletableFuture.supplyAsync(
                    () -> buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa"))));
        }
        for (CompletableFuture<Api.Response> attempt : racing) {
            Api.Response response = attempt.get();
            assertThat(response.status()).as(response.body().toString()).isIn(200, 409);
        }
        Api.Response again = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa"));

        assertThat(again.text("status")).isEqualTo("paid");
        assertThat(balance(AccountOwner.user(userId(instructor)), "seller.earnings.pending")).isEqualTo(28_00);
        // One split whatever the race: the attempt is captured at once, or — when a racing retry of the
        // same attempt records its authorization first — from a hold (its capture is the second transaction).
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_transactions WHERE reference = ? AND type = 'order.split'",
                Long.class, order)).as("one split").isEqualTo(1);
        assertThat(ledgerTransactionsFor(order)).as("the split, and at most a hold's capture").isBetween(1L, 2L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payment_attempts WHERE metadata->>'order_id' = ?", Long.class, order))
                .isEqualTo(1);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void twoPaymentMethodsRacingForOneOrderChargeOneAndRefuseTheOther() throws Exception {
        Api.Client instructor = seller();
        String course = publish(instructor, course("Two cards", 40_00));
        for (int round = 0; round < 4; round++) {
            Api.Client buyer = fixtures.newUserClient();
            String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Api.Response>> racing = new ArrayList<>();
            for (String method : List.of("tok_visa", "tok_mastercard")) {
                racing.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", method));
                }));
            }
            start.countDown();

            int refused = 0;
            for (CompletableFuture<Api.Response> paying : racing) {
                Api.Response response = paying.get();
                if (response.status() == 409) {
                    assertThat(response.code()).as(response.body().toString()).isEqualTo("payment_in_progress");
                    refused++;
                } else {
                    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
                    assertThat(response.text("status")).isEqualTo("paid");
                }
            }
            assertThat(refused).as("at most one refused: the other may have found the order already paid").isLessThanOrEqualTo(1);
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM simulated_payments p JOIN payment_attempts a ON a.id = p.reference
                    WHERE a.metadata->>'order_id' = ?""", Long.class, order))
                    .as("the processor was asked for one payment only").isEqualTo(1);
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM payment_attempts WHERE metadata->>'order_id' = ? AND status = 'captured'""",
                    Long.class, order)).isEqualTo(1);
            assertThat(buyer.get("/v1/orders/" + order).text("status")).isEqualTo("paid");
        }
        assertThat(balance(AccountOwner.user(userId(instructor)), "seller.earnings.pending")).isEqualTo(4 * 28_00);
        assertThat(verification.verify().violations()).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCourseIsBoughtOncePerBuyer() {
        String course = publish(seller(), course("Once", 0));
        Api.Client buyer = fixtures.newUserClient();
        String first = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();
        assertThat(buyer.post("/v1/orders/" + first + "/pay", Map.of()).text("status")).as("free: paid at once").isEqualTo("paid");

        Api.Response second = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course))));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("already_purchased");
    }

    @Test
    void refusesWhatCannotBeBought() {
        Api.Client seller = seller();
        String course = publish(seller, course("Mine", 10_00));
        Api.Client buyer = fixtures.newUserClient();

        problem(buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course, "price", 1)))), 400, "client_price_refused");
        problem(seller.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))), 422, "cannot_buy_own_listing");
        problem(buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course), Map.of("listing_id", course)))),
                400, "duplicate_item");
        problem(buyer.post("/v1/orders", Map.of("items", List.of())), 400, "invalid_items");
        problem(buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", "lst_nothing")))), 404, "listing_not_found");
        String euros = publish(seller, Map.of("kind", "custom", "title", "In euros", "description", "x", "category_id", category,
                "price", Map.of("amount", 5_00, "currency", "EUR")));
        problem(buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course), Map.of("listing_id", euros)))),
                400, "mixed_currencies");
        seller.post("/v1/listings/" + course + "/unpublish", Map.of());
        problem(buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))), 422, "listing_not_available");
        seller.post("/v1/listings/" + course + "/archive", Map.of());
        problem(buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))), 422, "listing_not_available");
    }

    @Test
    void anOrderIsSeenOnlyByItsBuyerAndAdmins() {
        String course = publish(seller(), course("Private", 0));
        Api.Client buyer = fixtures.newUserClient();
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();

        assertThat(fixtures.newUserClient().get("/v1/orders/" + order).status()).isEqualTo(404);
        assertThat(fixtures.newUserClient().post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")).status())
                .isEqualTo(404);
        assertThat(admin().get("/v1/orders/" + order).text("buyer_id")).isEqualTo(buyer.get("/v1/users/me").id());
    }

    @Test
    void payRefusesWhatItRefusedBeforeAskingForAnyPaymentAndAnswersAPaidOrderAsIs() {
        String course = publish(seller(), course("Refusals", 20_00));
        Api.Client buyer = fixtures.newUserClient();
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();

        problem(fixtures.newUserClient().post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa")), 404,
                "order_not_found");
        problem(buyer.post("/v1/orders/ord_nothing/pay", Map.of("payment_method", "tok_visa")), 404, "order_not_found");
        problem(buyer.post("/v1/orders/" + order + "/pay", Map.of()), 400, "payment_method_required");
        problem(buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", " ")), 400, "payment_method_required");
        assertThat(attemptsFor(order)).as("no payment attempt recorded, the order not claimed").isZero();
        assertThat(buyer.get("/v1/orders/" + order).text("payment_step")).isEqualTo("none");

        Api.Response paid = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa"));
        assertThat(paid.text("status")).isEqualTo("paid");
        Api.Response again = buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_mastercard"));
        assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
        assertThat(again.body()).as("a paid order is answered as it stands").isEqualTo(paid.body());
        assertThat(buyer.post("/v1/orders/" + order + "/pay", Map.of()).status()).isEqualTo(200);
        assertThat(attemptsFor(order)).as("and no other payment asked for").isEqualTo(1);

        String canceled = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id",
                publish(seller(), course("Canceled", 5_00)))))).id();
        jdbc.update("UPDATE orders SET status = 'canceled' WHERE id = ?", canceled);
        problem(buyer.post("/v1/orders/" + canceled + "/pay", Map.of("payment_method", "tok_visa")), 409, "order_not_payable");
        assertThat(attemptsFor(canceled)).isZero();

        String free = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id",
                publish(seller(), course("Free", 0)))))).id();
        assertThat(buyer.post("/v1/orders/" + free + "/pay", Map.of()).text("status")).as("free: no payment method needed")
                .isEqualTo("paid");
        assertThat(attemptsFor(free)).isZero();
    }

    @Test
    void payReadsTheOrderOnceInTheTransactionThatRecordsTheAttemptAndClaimsIt() {
        String course = publish(seller(), course("One read", 20_00));
        Api.Client buyer = fixtures.newUserClient();
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Orders watched = new Orders(jdbcClient) {
            @Override
            Optional<Order> find(String id) {
                seen.add("find in " + transaction());
                return super.find(id);
            }

            @Override
            boolean claim(String id, String paymentId, java.time.Instant at) {
                seen.add("claim in " + transaction());
                return super.claim(id, paymentId, at);
            }

            private long transaction() {
                return jdbcClient.sql("SELECT txid_current()").query(Long.class).single();
            }
        };
        Checkout checkout = new Checkout(watched, purchases, commissionRules, orderLedger, listings, payments, processors,
                transactions, events, downloads, clock, audit);

        Order paid = checkout.pay(order, new Caller(userId(buyer), false, userId(buyer), null, "user"), "tok_visa");

        assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
        assertThat(seen).hasSize(2);
        assertThat(seen.getFirst()).startsWith("find in ");
        assertThat(seen.get(1)).as("one read, in the claim's transaction")
                .isEqualTo(seen.getFirst().replace("find in ", "claim in "));
    }

    private Api.Client seller() {
        Api.Client seller = fixtures.newUserClient();
        assertThat(seller.post("/v1/payout-accounts", Map.of()).text("status")).isEqualTo("ready");
        return seller;
    }

    private Map<String, Object> course(String title, long price) {
        return Map.of("kind", "course", "title", title, "description", "Learn", "category_id", category,
                "price", Map.of("amount", price, "currency", "USD"), "attributes", Map.of("level", "beginner", "language", "en"));
    }

    private static String publish(Api.Client seller, Map<String, Object> listing) {
        Api.Response created = seller.post("/v1/listings", listing);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        Api.Response published = seller.post("/v1/listings/" + created.id() + "/publish", Map.of());
        assertThat(published.status()).as(published.body().toString()).isEqualTo(200);
        return created.id();
    }

    private static String userId(Api.Client client) {
        return client.get("/v1/users/me").id();
    }

    private long balance(AccountOwner owner, String purpose) {
        return accounts.find(owner, purpose, "USD").map(a -> accounts.balance(a.id()).posted()).orElse(0L);
    }

    private long attemptsFor(String orderId) {
        return jdbc.queryForObject("SELECT count(*) FROM payment_attempts WHERE metadata->>'order_id' = ?", Long.class,
                orderId);
    }

    private long ledgerTransactionsFor(String orderId) {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_transactions WHERE reference = ?", Long.class, orderId);
    }

    @Test
    void aLockTakesTheLinesReadWhilePendingOnlyWhileTheOrderStillAwaitsPayment() {
        String course = publish(seller(), course("Locks", 30_00));
        Api.Client buyer = fixtures.newUserClient();
        String id = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", course)))).id();
        Order pending = orders.find(id).orElseThrow();

        assertThat(transactions.execute(tx -> orders.lock(id, pending)).orElseThrow().lines())
                .as("pending: the lines read before are the stored ones").isEqualTo(orders.find(id).orElseThrow().lines());

        assertThat(buyer.post("/v1/orders/" + id + "/pay", Map.of("payment_method", "tok_visa")).text("status"))
                .isEqualTo("paid");
        Order locked = transactions.execute(tx -> orders.lock(id, pending)).orElseThrow();
        assertThat(locked.lines()).as("paid: the lines are read again, with their split")
                .isEqualTo(orders.find(id).orElseThrow().lines()).isNotEqualTo(pending.lines());
        assertThat(locked.lines().getFirst().sellerEarnings()).isNotNull();
    }

    private static void problem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
    }
}
