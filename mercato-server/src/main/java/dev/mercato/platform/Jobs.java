package dev.mercato.platform;

import java.time.Instant;

/** Schedules instances of {@link OneTimeJob}s. Recurring work is registered as a {@link RecurringJob} bean. */
public interface Jobs {

    /**
     * Schedules one run of a one-time job at {@code executeAt} (compared with the real clock, not the
     * test clock), carrying {@code data} (may be null) to the job. Inside a database transaction the
     * schedule commits or rolls back with it. An instance id already scheduled and not yet run is
     * left as it was.
     *
     * @return true if scheduled, false if that instance was already scheduled
     * @throws IllegalArgumentException if no one-time job has that name
     */
    boolean schedule(String job, String instanceId, Instant executeAt, String data);
}
