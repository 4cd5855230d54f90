package dev.mercato.platform.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counts job runs by job and outcome: {@code jobs_run_total{task,outcome}} in Prometheus. */
@Component
class JobMetrics {

    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";

    private final MeterRegistry meters;

    JobMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Makes the job's counters visible at zero before its first run. */
    void register(String task) {
        counter(task, SUCCEEDED);
        counter(task, FAILED);
    }

    void ran(String task, String outcome) {
        counter(task, outcome).increment();
    }

    private Counter counter(String task, String outcome) {
        return Counter.builder("jobs.run").description("background job runs by outcome")
                .tag("task", task).tag("outcome", outcome).register(meters);
    }
}
