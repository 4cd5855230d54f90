package dev.mercato.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.LedgerVerification;
import dev.mercato.payouts.EarningsRelease;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Refunds give money back in proportion to how it was split, never more than was captured. */
class RefundsTests extends IntegrationTest {

    @Autowired
    Accounts accounts;
    @Autowired
    LedgerVerification verification;
    @Autowired
    EarningsRelease release;
    @Autowired
    MercatoClock clock;
    @Autowired
    JdbcTemplate jdbc;

    HttpFixtures fixtures;
    Marketplace market;
    Api.Client instructor;
    String category;

    @BeforeEach
    void setUp() {
        market = new Marketplace(api, admin(), jdbc);
        fixtures = market.fixtures();
        instructor = market.seller();
        category = market.category();
    }

    @Test
    void aPartialRefundTakesBackTheSellersAndThePlatformsSharesExactly() {
        String order = market.sell(instructor, category, 49_99);
        long revenueBefore = balance(AccountOwner.platform(), "platform.revenue");

        Api.Response refund = admin().post("/v1/refunds", Map.of("order_id", order, "amount", 10_00, "reason", "late delivery"));

        assertThat(refund.status()).as(refund.body().toString()).isEqualTo(201);
        assertThat(refund.text("status")).isEqualTo("succeeded");
        var line = refund.body().path("lines").get(0);
        assertThat(List.of(line.path("seller").asLong(), line.path("platform").asLong())).containsExactly(7_00L, 3_00L);
        assertThat(balance(AccountOwner.user(me(instructor)), "seller.earnings.pending")).isEqualTo(34_99 - 7_00);
        assertThat(balance(AccountOwner.platform(), "platform.revenue") - revenueBefore).isEqualTo(-3_00);
        Api.Response after = admin().get("/v1/orders/" + order);
        assertThat(after.text("status")).isEqualTo("partially_refunded");
        assertThat(after.body().path("lines").get(0).path("refunded").asLong()).isEqualTo(10_00);
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aRefundAfterPayoutLeavesTheSellerNegativeUntilLaterEarningsRecoverIt() throws InterruptedException {
        market.releaseAtOnce(instructor);
        String order = market.sell(instructor, category, 49_99);
        market.awaitEarningsRecorded(order);
        release.releaseDue();
        assertThat(instructor.post("/v1/payouts", Map.of("currency", "USD")).text("status")).isEqualTo("paid");

        Api.Response refund = admin().post("/v1/refunds", Map.of("order_id", order, "amount", 20_00));

        assertThat(refund.text("status")).as(refund.body().toString()).isEqualTo("succeeded");
        long sellerShare = refund.body().path("lines").get(0).path("seller").asLong();
        assertThat(available()).as("available never goes negative").isZero();
        assertThat(owed()).isEqualTo(sellerShare);
        assertThat(instructor.post("/v1/payouts", Map.of("currency", "USD", "amount", 1_00)).code())
                .isEqualTo("payout_exceeds_available");

        market.awaitEarningsRecorded(market.sell(instructor, category, 30_00));
        release.releaseDue();
        assertThat(available()).as("recovered from the next sale").isEqualTo(21_00 - sellerShare);
        assertThat(owed()).isZero();
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aSellerBalanceBeyondItsNegativeLimitStopsTheRefundBeforeAnyMoneyMoves() throws InterruptedException {
        market.releaseAtOnce(instructor);
        String order = market.sell(instructor, category, 500_00);
        market.awaitEarningsRecorded(order);
        release.releaseDue();
        instructor.post("/v1/payouts", Map.of("currency", "USD"));

        Api.Response refused = admin().post("/v1/refunds", Map.of("order_id", order));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("seller_balance_insufficient");
        assertThat(admin().get("/v1/orders/" + order).text("status")).isEqualTo("paid");
        assertThat(jdbc.queryForObject("SELECT amount_refunded FROM payment_attempts WHERE metadata->>'order_id' = ?",
                Long.class, order)).as("the processor was never asked").isZero();
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void aFullRefundRevokesTheDownloadsAndTheBuyerMayBuyAgain() {
        String product = instructor.post("/v1/listings", Map.of("kind", "digital_product", "title", "Kit", "description", "x",
                "category_id", category, "price", Map.of("amount", 15_00, "currency", "USD"))).id();
        instructor.upload("/v1/listings/" + product + "/files?name=kit.zip", new byte[] {1, 2, 3}, "application/zip");
        instructor.post("/v1/listings/" + product + "/publish", Map.of());
        Api.Client buyer = fixtures.newUserClient();
        String order = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", product)))).id();
        buyer.post("/v1/orders/" + order + "/pay", Map.of("payment_method", "tok_visa"));
        String link = buyer.get("/v1/orders/" + order + "/downloads").body().path("data").get(0).path("url").asString();

        Api.Response refund = instructor.post("/v1/refunds", Map.of("order_id", order, "reason", "wrong file"));

        assertThat(refund.status()).as(refund.body().toString()).isEqualTo(201);
        assertThat(admin().get("/v1/orders/" + order).text("status")).isEqualTo("refunded");
        assertThat(api.anonymous().send("GET", link, null).code()).isEqualTo("download_revoked");
        assertThat(buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", product)))).status()).isEqualTo(201);
        assertThat(admin().post("/v1/refunds", Map.of("order_id", order)).code()).isEqualTo("order_not_refundable");
    }

    @Test
    void twoRefundsRacingNeverReturnMoreThanWasCaptured() throws Exception {
        String order = market.sell(instructor, category, 40_00);
        List<CompletableFuture<Api.Response>> racing = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racing.add(CompletableFuture.supplyAsync(() -> admin().post("/v1/refunds", Map.of("order_id", order, "amount", 25_00))));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Api.Response> r : racing) {
            statuses.add(r.get().status());
        }

        assertThat(statuses).containsExactlyInAnyOrder(201, 422);
        assertThat(admin().post("/v1/refunds", Map.of("order_id", order, "amount", 15_01)).code()).isEqualTo("refund_exceeds_captured");
        assertThat(admin().post("/v1/refunds", Map.of("order_id", order, "lines", List.of(Map.of("line", 1, "amount", 15_00))))
                .text("status")).isEqualTo("succeeded");
        assertThat(admin().get("/v1/orders/" + order).text("status")).isEqualTo("refunded");
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void onlyOperatorsAndTheSellerMayRefund() {
        String order = market.sell(instructor, category, 10_00);
        assertThat(fixtures.newUserClient().post("/v1/refunds", Map.of("order_id", order)).code()).isEqualTo("order_not_found");
        assertThat(admin().post("/v1/refunds", Map.of("order_id", order, "lines", List.of(Map.of("line", 9, "amount", 1))))
                .code()).isEqualTo("invalid_line");
        String free = market.publishCourse(instructor, category, 0);
        Api.Client buyer = fixtures.newUserClient();
        String freeOrder = buyer.post("/v1/orders", Map.of("items", List.of(Map.of("listing_id", free)))).id();
        buyer.post("/v1/orders/" + freeOrder + "/pay", Map.of());
        assertThat(admin().post("/v1/refunds", Map.of("order_id", freeOrder)).code()).isEqualTo("order_not_refundable");
    }




    private long available() {
        return accounts.find(AccountOwner.user(me(instructor)), "seller.earnings.available", "USD")
                .map(a -> accounts.balance(a.id()).posted()).orElse(0L);
    }

    private long owed() {
        return instructor.get("/v1/sellers/me/earnings").body().path("totals").get(0).path("owed").asLong();
    }

    private long balance(AccountOwner owner, String purpose) {
        return accounts.find(owner, purpose, "USD").map(a -> accounts.balance(a.id()).posted()).orElse(0L);
    }

    private static String me(Api.Client client) {
        return client.get("/v1/users/me").id();
    }

}
