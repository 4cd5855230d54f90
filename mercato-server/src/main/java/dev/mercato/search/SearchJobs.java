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
}
