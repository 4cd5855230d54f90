package dev.mercato.platform.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditExempt;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import dev.mercato.platform.RecurringJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators see the background jobs: every scheduled execution of the cluster jobs (from the
 * database, so the same on every instance) and the every-instance jobs of the instance answering;
 * the run history of a job; and they can make a job run now.
 */
@RestController
class JobsController {

    private static final Set<String> OUTCOMES = Set.of(JobMetrics.SUCCEEDED, JobMetrics.FAILED);
    private static final String RECURRING = "recurring";

    private final JobStates states;
    private final JobRuns runs;
    private final LocalJobs localJobs;
    private final Scheduler scheduler;
    private final InstanceName instance;
    private final Map<String, RecurringJob> recurring;

    JobsController(JobStates states, JobRuns runs, LocalJobs localJobs, Scheduler scheduler, InstanceName instance,
            ObjectProvider<RecurringJob> recurringJobs) {
        this.states = states;
        this.runs = runs;
        this.localJobs = localJobs;
        this.scheduler = scheduler;
        this.instance = instance;
        this.recurring = recurringJobs.orderedStream().collect(Collectors.toMap(RecurringJob::name, Function.identity()));
    }

    /**
     * @param id           {@code name/instance}, the cursor for {@code starting_after}
     * @param scope        {@code cluster} (once across instances) or {@code every_instance} (this instance's own loop)
     * @param schedule     {@code every PT1M}, {@code cron … UTC}, or {@code once} for a one-time job
     * @param running      picked by an instance and not finished yet
     * @param pickedBy     the instance running it
     * @param lastError    the error of its last failed run
     */
    record JobView(String id, String object, String name, String instance, String scope, String schedule,
            Instant nextRunAt, boolean running, String pickedBy, Instant lastHeartbeatAt, Instant lastSuccessAt,
            Instant lastFailureAt, int consecutiveFailures, String lastError) {
    }

    record RunView(String id, String object, String job, String jobInstance, String instance, Instant startedAt,
            Instant finishedAt, long durationMillis, String outcome, String error) {

        static RunView of(JobRuns.Run run) {
            return new RunView(run.id(), "job_run", run.taskName(), run.taskInstance(), run.instance(), run.startedAt(),
                    run.finishedAt(), run.durationMillis(), run.outcome(), run.error());
        }
    }

    record RunNow(String instance) {
    }

    @GetMapping("/v1/admin/jobs")
    Page<JobView> list(Caller caller, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        caller.requireAdmin();
        int size = Page.limit(limit);
        String afterName = null;
        String afterInstance = null;
        if (startingAfter != null) {
            int slash = startingAfter.indexOf('/');
            if (slash < 0) {
                throw ApiException.invalid("invalid_cursor", "starting_after is a job id such as payments.janitor/recurring");
            }
            afterName = startingAfter.substring(0, slash);
            afterInstance = startingAfter.substring(slash + 1);
        }
        List<JobView> views = new ArrayList<>(states.after(afterName, afterInstance, size + 1).stream().map(this::view).toList());
        for (LocalJobs.State state : localJobs.states()) {
            JobView local = view(state);
            if (afterName == null || compare(local.name(), local.instance(), afterName, afterInstance) > 0) {
                views.add(local);
            }
        }
        views.sort(Comparator.comparing(JobView::name).thenComparing(JobView::instance));
        return Page.fromOverfetch(views, size);
    }

    @GetMapping("/v1/admin/jobs/{name}/runs")
    Page<RunView> runs(Caller caller, @PathVariable String name, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter,
            @RequestParam(required = false) String outcome) {
        caller.requireAdmin();
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw ApiException.invalid("invalid_outcome", "outcome is succeeded or failed");
        }
        int size = Page.limit(limit);
        return Page.fromOverfetch(runs.page(name, outcome, startingAfter, size), size).map(RunView::of);
    }

    /** Runs a job as soon as an instance polls (at once on this one); the body may name a one-time job's instance. */
    @AuditExempt("a command: it makes the job due now; the run is in the job's run log and its effects in the modules it changes")
    @PostMapping("/v1/admin/jobs/{name}/run-now")
    @ResponseStatus(HttpStatus.ACCEPTED)
    JobView runNow(Caller caller, @PathVariable String name, @RequestBody(required = false) RunNow body) {
        caller.requireAdmin();
        if (localJobs.runNow(name)) {
            return localJobs.state(name).map(this::view).orElseThrow();
        }
        String taskInstance = body == null || body.instance() == null ? RECURRING : body.instance();
        if (!states.makeDue(name, taskInstance)) {
            JobStates.Row row = states.find(name, taskInstance).orElseThrow(() -> ApiException.notFound("job_not_found",
                    "no job " + name + " with a scheduled instance " + taskInstance));
            throw new ApiException(409, "job_running", "job " + name + " is running on " + row.pickedBy() + "; try again when it ends");
        }
        scheduler.triggerCheckForDueExecutions();
        return states.find(name, taskInstance).map(this::view).orElseThrow();
    }

    private JobView view(JobStates.Row row) {
        RecurringJob job = recurring.get(row.name());
        String schedule = job != null ? job.describe() : RECURRING.equals(row.instance()) ? "unknown" : "once";
        return new JobView(row.name() + "/" + row.instance(), "job", row.name(), row.instance(), "cluster", schedule,
                row.executionTime(), row.picked(), row.pickedBy(), row.lastHeartbeat(), row.lastSuccess(),
                row.lastFailure(), row.consecutiveFailures(), row.lastError());
    }

    private JobView view(LocalJobs.State state) {
        RecurringJob job = state.job();
        return new JobView(job.name() + "/" + instance.value(), "job", job.name(), instance.value(), "every_instance",
                job.describe(), state.nextRunAt(), state.running(), state.running() ? instance.value() : null, null,
                state.lastSuccessAt(), state.lastFailureAt(), state.consecutiveFailures(), state.lastError());
    }

    private static int compare(String name, String instance, String otherName, String otherInstance) {
        int byName = name.compareTo(otherName);
        return byName != 0 ? byName : instance.compareTo(otherInstance);
    }
}
