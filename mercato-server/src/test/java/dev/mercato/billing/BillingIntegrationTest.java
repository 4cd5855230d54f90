package dev.mercato.billing;

import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.LedgerVerification;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the subscription tests share: the test clock, billing's services, the ledger check and the fixtures. */
abstract class BillingIntegrationTest extends IntegrationTest {

    @Autowired
    MercatoClock clock;
    @Autowired
    SubscriptionManagement subscriptions;
    @Autowired
    LedgerVerification verification;
    @Autowired
    Accounts accounts;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Entitlements entitlements;

    HttpFixtures fixtures;
    BillingFixtures billing;

    @BeforeEach
    void setUpBillingFixtures() {
        fixtures = new HttpFixtures(api, admin());
        billing = new BillingFixtures(jdbc, accounts);
    }
}
