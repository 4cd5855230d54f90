package dev.mercato.search;

import dev.mercato.platform.RecurringJob;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The search module's scheduled work. */
@Configuration
class SearchJobs {

    /** Sales older than 30 days stop counting towards popularity even when nothing new is sold. */
    @Bean
    RecurringJob rollSalesWindow(SearchIndexing indexing,
            @Value("${mercato.search.sales-window-interval:PT1H}") Duration interval) {
        return RecurringJob.every("search.roll-sales-window", interval, indexing::rollSalesWindow);
    }

    /**
     * Sales and rating changes reach the listings' rows in batches (V25): each instance applies what
     * is recorded; the statement is safe to run concurrently (a lock serializes it).
     */
    @Bean
    RecurringJob applyFreshSalesAndRatings(SearchIndexing indexing,
            @Value("${mercato.search.apply-interval:PT1S}") Duration interval) {
        return RecurringJob.onEveryInstance("search.apply-fresh", interval, indexing::applyFresh);
    }
}
