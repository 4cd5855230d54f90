package dev.mercato.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class PayoutAccountsTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    HttpFixtures fixtures;
    Api.Client seller;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        seller = fixtures.newUserClient();
    }

    @Test
    void aSellerOnboardsOnceAndThenMaySellAtAPrice() {
        String category = admin().post("/v1/categories", Map.of("name", "Courses", "slug", "c-" + UUID.randomUUID())).id();
        String listing = seller.post("/v1/listings", Map.of("kind", "course", "title", "Paid course", "description", "Learn",
                "category_id", category, "price", Map.of("amount", 49_99, "currency", "USD"),
                "attributes", Map.of("level", "advanced", "language", "en"))).id();
        assertThat(seller.get("/v1/payout-accounts/me").code()).isEqualTo("payout_account_not_found");
        assertThat(seller.post("/v1/listings/" + listing + "/publish", Map.of()).code()).isEqualTo("listing_not_publishable");

        Api.Response onboarded = seller.post("/v1/payout-accounts", Map.of("country", "US"));

        assertThat(onboarded.status()).as(onboarded.body().toString()).isEqualTo(200);
        assertThat(onboarded.text("status")).isEqualTo("ready");
        assertThat(onboarded.text("processor")).isEqualTo("simulated");
        assertThat(onboarded.text("processor_account_id")).isNotBlank();
        assertThat(seller.get("/v1/payout-accounts/me").id()).isEqualTo(onboarded.id());
        assertThat(seller.post("/v1/listings/" + listing + "/publish", Map.of()).text("status")).isEqualTo("published");
    }

    @Test
    void onboardingAgainReturnsTheSameAccountAndOpensNoSecondOne() {
        Api.Response first = seller.post("/v1/payout-accounts", Map.of());
        Api.Response second = seller.post("/v1/payout-accounts", Map.of());

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.text("processor_account_id")).isEqualTo(first.text("processor_account_id"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM payout_accounts WHERE seller_id = ?", Long.class,
                first.text("seller_id"))).isEqualTo(1);
    }

    @Test
    void eachSellerSeesOnlyItsOwnAccount() {
        seller.post("/v1/payout-accounts", Map.of());
        Api.Client other = fixtures.newUserClient();

        assertThat(other.get("/v1/payout-accounts/me").status()).isEqualTo(404);
        assertThat(other.post("/v1/payout-accounts", Map.of("country", "usa")).code()).isEqualTo("invalid_country");
    }
}
