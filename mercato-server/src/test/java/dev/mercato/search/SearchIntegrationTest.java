package dev.mercato.search;

import dev.mercato.testing.Api;
import dev.mercato.testing.IntegrationTest;
import dev.mercato.testing.Marketplace;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Search tests start with a seller with a ready payout account, a category and a word of their own. */
abstract class SearchIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;

    SearchFixtures f;
    Api.Client seller;
    String category;
    String w;

    @BeforeEach
    void marketplace() {
        f = new SearchFixtures(api, admin(), new Marketplace(api, admin(), jdbc));
        seller = f.seller();
        category = f.category(null);
        w = SearchFixtures.word();
    }
}
