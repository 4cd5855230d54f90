package dev.mercato.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Audit action names derived from route patterns, for the shapes of route Mercato has. */
class RouteActionTests {

    @Test
    void aPostToACollectionCreatesTheResourceTheResponseNames() {
        assertThat(RouteAction.of("POST", "/v1/orders", Map.of(), "usr_1", "ord_9"))
                .isEqualTo(new RouteAction("order.create", "order", "ord_9"));
        assertThat(RouteAction.of("POST", "/v1/ledger/accounts", Map.of(), "usr_1", "acct_1"))
                .isEqualTo(new RouteAction("account.create", "account", "acct_1"));
        assertThat(RouteAction.of("POST", "/v1/categories", Map.of(), "usr_1", "cat_1").resourceType()).isEqualTo("category");
    }

    @Test
    void aVerbAfterAnItemActsOnThatItem() {
        assertThat(RouteAction.of("POST", "/v1/orders/{id}/pay", Map.of("id", "ord_1"), "usr_1", "ord_1"))
                .isEqualTo(new RouteAction("order.pay", "order", "ord_1"));
        assertThat(RouteAction.of("POST", "/v1/ledger/transactions/{id}/reverse", Map.of("id", "txn_1"), "usr_1", "txn_2"))
                .isEqualTo(new RouteAction("transaction.reverse", "transaction", "txn_1"));
    }

    @Test
    void methodsOnAnItemUpdateOrDeleteIt() {
        assertThat(RouteAction.of("PATCH", "/v1/payout-accounts/{id}", Map.of("id", "pa_1"), "usr_1", "pa_1"))
                .isEqualTo(new RouteAction("payout_account.update", "payout_account", "pa_1"));
        assertThat(RouteAction.of("DELETE", "/v1/listings/{id}/files/{fileId}", Map.of("id", "lst_1", "fileId", "file_1"),
                "usr_1", null)).isEqualTo(new RouteAction("file.delete", "file", "file_1"));
        assertThat(RouteAction.of("PUT", "/v1/sellers/{id}/commission-tier", Map.of("id", "usr_2"), "usr_1", null))
                .isEqualTo(new RouteAction("seller.commission_tier.update", "seller", "usr_2"));
    }

    @Test
    void meStandsForTheCaller() {
        assertThat(RouteAction.of("PUT", "/v1/sellers/me/payout-schedule", Map.of(), "usr_1", null))
                .isEqualTo(new RouteAction("seller.payout_schedule.update", "seller", "usr_1"));
    }

    @Test
    void aPostToASingularWordIsAVerbOnTheNounBefore() {
        assertThat(RouteAction.of("POST", "/v1/test-clock/advance", Map.of(), "usr_1", null))
                .isEqualTo(new RouteAction("test_clock.advance", "test_clock", null));
    }
}
