package dev.mercato.platform.jobs;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.event.ExecutionChain;
import com.github.kagkarlsson.scheduler.event.ExecutionInterceptor;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps every cluster job run: counts it and writes it to the run history. A history that cannot
 * be written is logged and never fails the job. Times come from the scheduler's clock, the same
 * real clock that {@code scheduled_tasks} is kept in.
 */
class RunRecorder implements ExecutionInterceptor {

    private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);

    private final JobRuns runs;
    private final JobMetrics metrics;
    private final Clock clock;
    private final String instance;

    RunRecorder(JobRuns runs, JobMetrics metrics, Clock clock, String instance) {
        this.runs = runs;
        this.metrics = metrics;
        this.clock = clock;
        this.instance = instance;
    }

    @Override
    public CompletionHandler<?> execute(TaskInstance<?> task, ExecutionContext context, ExecutionChain chain) {
        Instant started = clock.now();
        try {
            CompletionHandler<?> next = chain.proceed(task, context);
            finished(task, started, null);
            return next;
        } catch (RuntimeException | Error failure) {
            finished(task, started, describe(failure));
            throw failure;
        }
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return root == failure ? message : message + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private void finished(TaskInstance<?> task, Instant started, String error) {
        metrics.ran(task.getTaskName(), error == null ? JobMetrics.SUCCEEDED : JobMetrics.FAILED);
        try {
            runs.record(task.getTaskName(), task.getId(), instance, started, clock.now(), error);
        } catch (RuntimeException e) {
            log.warn("could not record a run of job {}", task.getTaskName(), e);
        }
    }
}
