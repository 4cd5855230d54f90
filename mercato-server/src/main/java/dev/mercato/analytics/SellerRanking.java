package dev.mercato.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ranks the marketplace's sellers for each window once per {@code mercato.analytics.ranking-interval}
 * (the {@code analytics.rank-sellers} job), so the operator payload reads ten stored rows instead of
 * aggregating every seller's month. The payload falls back to ranking live when no fresh ranking is
 * stored (just after start, or when the job is behind).
 */
@Component
class SellerRanking {

    private final AnalyticsQueries queries;
    private final Clock clock;

    SellerRanking(AnalyticsQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @Transactional
    void rankAll() {
        queries.withoutJit();
        Instant now = clock.instant();
        LocalDate today = Window.today(now);
        for (Window window : Window.values()) {
            queries.storeTopSellers(window, today, queries.top(MarketplaceAnalytics.SELLERS, window.firstDay(today), today,
                    MarketplaceAnalytics.TOP), now);
        }
    }
}
