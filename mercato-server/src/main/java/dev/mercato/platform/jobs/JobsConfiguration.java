package dev.mercato.platform.jobs;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerConfigurationSupport;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.stats.StatsRegistry;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.mercato.platform.OneTimeJob;
import dev.mercato.platform.RecurringJob;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds db-scheduler from the modules' {@link RecurringJob} and {@link OneTimeJob} beans. The
 * starter's auto-configuration supplies the settings ({@code db-scheduler.*}), the clock, metrics,
 * the health indicator and the start once the context is ready; the scheduler bean is ours because
 * its tasks come from the platform's own job types, which modules use without knowing db-scheduler.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({JobsProperties.class, DbSchedulerProperties.class})
class JobsConfiguration {

    /** One-time jobs retry from 30 s, doubling, and are dropped after 10 failures (about 8.5 hours). */
    private static final int ONE_TIME_RETRIES = 10;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);

    @Bean
    DbSchedulerCustomizer mercatoSchedulerCustomizer(InstanceName instance) {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<SchedulerName> schedulerName() {
                return Optional.of(new SchedulerName.Fixed(instance.value()));
            }

            @Override
            public Optional<Serializer> serializer() {
                return Optional.of(new TextSerializer());
            }
        };
    }

    @Bean(destroyMethod = "stop")
    @DependsOnDatabaseInitialization
    Scheduler scheduler(DbSchedulerProperties settings, DbSchedulerCustomizer customizer, StatsRegistry stats, Clock clock,
            DataSource dataSource, ObjectProvider<RecurringJob> recurringJobs, ObjectProvider<OneTimeJob> oneTimeJobs,
            JobRuns runs, JobMetrics metrics, InstanceName instance) {
        List<Task<?>> tasks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (RecurringJob job : recurringJobs.orderedStream().toList()) {
            unique(names, job.name());
            if (job.scope() == RecurringJob.Scope.CLUSTER) {
                tasks.add(Tasks.recurring(job.name(), schedule(job)).execute((task, context) -> job.work().run()));
                metrics.register(job.name());
            }
        }
        for (OneTimeJob job : oneTimeJobs.orderedStream().toList()) {
            unique(names, job.name());
            tasks.add(Tasks.oneTime(job.name(), String.class)
                    .onFailure(FailureHandler.<String>maxRetries(ONE_TIME_RETRIES).withBackoff(FIRST_RETRY, 2.0).thenRemove())
                    .execute((task, context) -> job.work().accept(task.getData())));
            metrics.register(job.name());
        }
        return DbSchedulerConfigurationSupport.buildScheduler(settings, customizer, stats, clock, dataSource, tasks,
                List.of(), List.of(new RunRecorder(runs, metrics, clock, instance.value())));
    }

    @Bean
    LocalJobs localJobs(ObjectProvider<RecurringJob> recurringJobs, JobMetrics metrics, Clock clock) {
        List<RecurringJob> local = recurringJobs.orderedStream()
                .filter(job -> job.scope() == RecurringJob.Scope.EVERY_INSTANCE).toList();
        local.forEach(job -> metrics.register(job.name()));
        return new LocalJobs(local, metrics, clock);
    }

    @Bean
    RecurringJob pruneJobRuns(JobRuns runs, JobsProperties properties, Clock clock) {
        JobsProperties.History history = properties.history();
        return RecurringJob.every("platform.prune-job-runs", history.pruneInterval(),
                () -> runs.prune(clock.now().minus(history.keepFor()), history.keepSucceeded()));
    }

    private static Schedule schedule(RecurringJob job) {
        return job.interval() != null ? new IntervalSchedule(job.interval()) : Schedules.cron(job.cron(), ZoneOffset.UTC);
    }

    private static void unique(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("two jobs are named " + name);
        }
    }
}
