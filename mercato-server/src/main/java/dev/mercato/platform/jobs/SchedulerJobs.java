package dev.mercato.platform.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.mercato.platform.Jobs;
import dev.mercato.platform.OneTimeJob;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@link Jobs} on db-scheduler. The scheduler and the one-time jobs are looked up when first
 * needed: a module's job may itself use {@link Jobs}, and the scheduler is built from the jobs.
 */
@Component
class SchedulerJobs implements Jobs {

    private final ObjectProvider<Scheduler> scheduler;
    private final ObjectProvider<OneTimeJob> oneTimeJobs;

    SchedulerJobs(ObjectProvider<Scheduler> scheduler, ObjectProvider<OneTimeJob> oneTimeJobs) {
        this.scheduler = scheduler;
        this.oneTimeJobs = oneTimeJobs;
    }

    @Override
    public boolean schedule(String job, String instanceId, Instant executeAt, String data) {
        if (oneTimeJobs.stream().noneMatch(known -> known.name().equals(job))) {
            throw new IllegalArgumentException("no one-time job is named " + job);
        }
        if (instanceId == null || instanceId.isBlank() || executeAt == null) {
            throw new IllegalArgumentException("a one-time job needs an instance id and a time");
        }
        return scheduler.getObject().scheduleIfNotExists(new TaskInstance<>(job, instanceId, data), executeAt);
    }
}
