package dev.mercato.analytics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.analytics.*}.
 *
 * @param keepRawViews how long raw views are kept; they are needed for the current UTC day's
 *                     deduplication and the operator's last-hour figures, so at least a day
 * @param pruneInterval how often raw views older than that are deleted
 * @param rankingInterval how often the operator's top sellers are ranked again; the payload shows
 *                        a ranking at most this old (twice that, and it ranks live)
 */
@ConfigurationProperties("mercato.analytics")
record AnalyticsProperties(@DefaultValue("P2D") Duration keepRawViews, @DefaultValue("PT1H") Duration pruneInterval,
        @DefaultValue("PT1M") Duration rankingInterval) {

    AnalyticsProperties {
        if (keepRawViews.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("mercato.analytics.keep-raw-views (" + keepRawViews
                    + ") must be at least P1D: a visitor's views of a UTC day are deduplicated against them");
        }
    }
}
