package dev.mercato.platform.jobs;

import com.github.kagkarlsson.scheduler.Clock;
import dev.mercato.platform.RecurringJob;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the every-instance jobs on this instance, each on a fixed delay, and keeps their state in
 * memory for the admin view. Their runs are counted in metrics but not written to the run history:
 * they run every second or so on each instance, and their failures are logged.
 */
class LocalJobs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LocalJobs.class);

    /** What this instance knows of one of its loops. */
    record State(RecurringJob job, boolean running, Instant nextRunAt, Instant lastSuccessAt, Instant lastFailureAt,
            int consecutiveFailures, String lastError) {
    }

    private final Map<String, State> states = new LinkedHashMap<>();
    private final JobMetrics metrics;
    private final Clock clock;
    private ScheduledExecutorService executor;

    LocalJobs(List<RecurringJob> jobs, JobMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        for (RecurringJob job : jobs) {
            states.put(job.name(), new State(job, false, null, null, null, 0, null));
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newScheduledThreadPool(Math.max(1, states.size()),
                Thread.ofPlatform().name("mercato-job-", 0).daemon().factory());
        Instant now = clock.now();
        for (State state : states.values()) {
            RecurringJob job = state.job();
            long delay = job.interval().toMillis();
            update(job.name(), s -> new State(job, false, now.plus(job.interval()), null, null, 0, null));
            executor.scheduleWithFixedDelay(() -> run(job), delay, delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Runs the job once more on this instance now, besides its loop; false if it has no such job. */
    boolean runNow(String name) {
        State state = state(name).orElse(null);
        ScheduledExecutorService current = executor;
        if (state == null || current == null) {
            return false;
        }
        current.execute(() -> run(state.job()));
        return true;
    }

    synchronized List<State> states() {
        return List.copyOf(states.values());
    }

    synchronized Optional<State> state(String name) {
        return Optional.ofNullable(states.get(name));
    }

    private void run(RecurringJob job) {
        update(job.name(), s -> new State(job, true, s.nextRunAt(), s.lastSuccessAt(), s.lastFailureAt(),
                s.consecutiveFailures(), s.lastError()));
        try {
            job.work().run();
            Instant done = clock.now();
            update(job.name(), s -> new State(job, false, done.plus(job.interval()), done, s.lastFailureAt(), 0, s.lastError()));
            metrics.ran(job.name(), JobMetrics.SUCCEEDED);
        } catch (RuntimeException | Error failure) {
            // Swallowed after recording: an exception escaping would cancel the loop for good.
            Instant done = clock.now();
            String error = RunRecorder.describe(failure);
            State after = update(job.name(), s -> new State(job, false, done.plus(job.interval()), s.lastSuccessAt(),
                    done, s.consecutiveFailures() + 1, error));
            metrics.ran(job.name(), JobMetrics.FAILED);
            // A loop that keeps failing would log every second; its first failures and then one in a hundred tell enough.
            if (after.consecutiveFailures() <= 3 || after.consecutiveFailures() % 100 == 0) {
                log.warn("job {} failed on this instance ({} times in a row)", job.name(), after.consecutiveFailures(), failure);
            }
        }
    }

    private synchronized State update(String name, UnaryOperator<State> change) {
        State next = change.apply(states.get(name));
        states.put(name, next);
        return next;
    }
}
