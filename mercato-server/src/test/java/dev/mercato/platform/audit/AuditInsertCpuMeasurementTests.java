package dev.mercato.platform.audit;

import dev.mercato.testing.CpuMeasurement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A measurement, not a check: it runs only when {@code -Dmeasure.audit-batches=N} asks for it (the
 * suite skips it). It inserts batches of one to four audit events like benchmark (d)'s (one per
 * transfer of a group commit) through {@link AuditEvents#insert}, each batch in its own
 * transaction, from one thread, and reports the CPU time per event of the PostgreSQL backend that
 * served them and of the calling thread.
 *
 * <pre>mvn -B test -pl mercato-server -Dtest=AuditInsertCpuMeasurementTests -Dsurefire.failIfNoSpecifiedTests=false -Dmeasure.audit-batches=4000</pre>
 */
@EnabledIfSystemProperty(named = "measure.audit-batches", matches = "[1-9][0-9]*")
class AuditInsertCpuMeasurementTests extends CpuMeasurement {

    @Autowired
    AuditEvents events;

    @Test
    void cpuPerAuditEventInsertedInSmallBatches() throws Exception {
        int batches = Integer.getInteger("measure.audit-batches", 4_000);
        run(batches); // warm-up
        long[] measured = run(batches);
        System.out.printf("AUDIT INSERT: %d events in %d batches: PostgreSQL %.1f µs and JVM %.1f µs CPU per event%n",
                measured[2], batches, measured[0] / 1_000.0 / measured[2], measured[1] / 1_000.0 / measured[2]);
    }

    /** Answers the backend's and this thread's CPU nanoseconds, and the number of events inserted. */
    private long[] run(int batches) throws Exception {
        long[] count = {0};
        long[] cpu = cpuNanos(() -> {
            for (int b = 0; b < batches; b++) {
                int size = 1 + ThreadLocalRandom.current().nextInt(4);
                List<AuditEvent> batch = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    batch.add(event());
                }
                count[0] += size;
                transactions.executeWithoutResult(status -> events.insert(batch));
            }
        });
        return new long[] {cpu[0], cpu[1], count[0]};
    }

    private static AuditEvent event() {
        String id = "aud_" + UUID.randomUUID();
        return new AuditEvent(id, Instant.now(), "usr_admin", null, "key_" + UUID.randomUUID(), "POST",
                "POST /v1/ledger/transactions", "create", "transaction", "txn_" + UUID.randomUUID(), 201,
                "req_" + UUID.randomUUID(), "127.0.0.1",
                "{\"request\":{\"type\":\"transfer\",\"entries\":[{\"account_id\":\"acct_1\",\"amount\":100}]},\"status\":201}");
    }
}
