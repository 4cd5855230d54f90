package dev.mercato.platform.jobs;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;

/**
 * A fixed delay between the end of one run and the start of the next, whose first run is one
 * interval after the job is first registered — not at once, as db-scheduler's own FixedDelay
 * would, so a freshly migrated database is not hit by every job during start-up.
 */
record IntervalSchedule(Duration interval) implements Schedule {

    @Override
    public Instant getNextExecutionTime(ExecutionComplete complete) {
        return complete.getTimeDone().plus(interval);
    }

    @Override
    public Instant getInitialExecutionTime(Instant now) {
        return now.plus(interval);
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }
}
