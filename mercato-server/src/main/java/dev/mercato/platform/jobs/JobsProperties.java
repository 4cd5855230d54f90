package dev.mercato.platform.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.jobs.*}. The scheduler itself is tuned under {@code db-scheduler.*}
 * (polling interval, threads, heartbeat).
 *
 * @param history how long job runs stay in the history
 */
@ConfigurationProperties("mercato.jobs")
record JobsProperties(@DefaultValue History history) {

    /**
     * @param keepFor        runs older than this are deleted
     * @param keepSucceeded  at most this many successful runs are kept per job (failed ones stay for
     *                       {@code keepFor}), so a job that runs every second does not flood the table
     * @param pruneInterval  how often old runs are deleted
     */
    record History(@DefaultValue("P30D") Duration keepFor, @DefaultValue("1000") int keepSucceeded,
            @DefaultValue("PT1H") Duration pruneInterval) {
    }
}
