package dev.mercato.analytics;

import dev.mercato.platform.RecurringJob;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AnalyticsProperties.class)
class AnalyticsConfiguration {

    static final int PRUNE_BATCH = 10_000;

    /**
     * Raw views are rolled up as they are recorded, so they are kept only for deduplication and the
     * live windows; a backlog goes in bounded statements, so no one statement holds many rows.
     */
    @Bean
    RecurringJob pruneRawViews(Rollups rollups, AnalyticsProperties properties, Clock clock) {
        return RecurringJob.every("analytics.prune-views", properties.pruneInterval(), () -> {
            int deleted;
            do {
                deleted = rollups.pruneViews(clock.instant().minus(properties.keepRawViews()), PRUNE_BATCH);
            } while (deleted == PRUNE_BATCH);
        });
    }

    @Bean
    RecurringJob rankSellers(SellerRanking ranking, AnalyticsProperties properties) {
        return RecurringJob.every("analytics.rank-sellers", properties.rankingInterval(), ranking::rankAll);
    }
}
