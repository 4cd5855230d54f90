package dev.mercato.ledger.internal;

import dev.mercato.ledger.core.Command;
import dev.mercato.ledger.core.Outcome;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for ledger requests made outside a database transaction. Writer threads each drain
 * the shared queue into one batch, run it in one transaction (one fsync for the lot), and hand
 * every caller its own outcome. If the batch fails as a whole — a deadlock, a broken connection —
 * its commands are retried one by one, so one bad request never fails its neighbours.
 */
@Component
class GroupCommitter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    /**
     * @param alongside run in the transaction that executes the command, with its outcome (the
     *                  caller's audit event goes in the same commit as its postings)
     */
    private record Pending(Command command, Consumer<Outcome> alongside, CompletableFuture<Outcome> result) {
    }

    private final LedgerEngine engine;
    private final TransactionTemplate transactions;
    private final int writers;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue;
    private final DistributionSummary batchSizes;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    GroupCommitter(LedgerEngine engine, TransactionTemplate transactions, MeterRegistry meters,
            @Value("${mercato.ledger.writers:2}") int writers, @Value("${mercato.ledger.max-batch:256}") int maxBatch) {
        this.engine = engine;
        this.transactions = transactions;
        this.writers = writers;
        this.maxBatch = maxBatch;
        this.queue = new LinkedBlockingQueue<>(maxBatch * writers * 8);
        this.batchSizes = DistributionSummary.builder("mercato.ledger.batch.size")
                .description("ledger commands per group-committed database transaction").register(meters);
    }

    CompletableFuture<Outcome> submit(Command command, Consumer<Outcome> alongside) {
        if (!running) {
            throw new IllegalStateException("the ledger writer is not running");
        }
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        try {
            queue.put(new Pending(command, alongside, result));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing a ledger request", e);
        }
        return result;
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < writers; i++) {
            int writer = i;
            Thread thread = Thread.ofPlatform().name("ledger-writer-" + i).daemon().start(() -> loop(writer));
            threads.add(thread);
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Starts early and stops late: after the web server's graceful shutdown has let in-flight
     * requests finish (those run in much higher phases), so none of them finds the writer gone.
     */
    @Override
    public int getPhase() {
        return 0;
    }

    private void loop(int writer) {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                run(batch, writer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unexpected) {
                log.error("ledger writer {} failed a batch", writer, unexpected);
                batch.forEach(p -> p.result().completeExceptionally(unexpected));
            } finally {
                batch.clear();
            }
        }
    }

    private void run(List<Pending> batch, int writer) {
        batchSizes.record(batch.size());
        List<Command> commands = batch.stream().map(Pending::command).toList();
        List<Outcome> outcomes;
        try {
            outcomes = transactions.execute(status -> {
                List<Outcome> executed = engine.executeAlone(commands, writer);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).alongside().accept(executed.get(i));
                }
                return executed;
            });
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.getFirst().result().completeExceptionally(batchFailed);
                return;
            }
            log.debug("batch of {} failed ({}); retrying its commands one by one", batch.size(), batchFailed.toString());
            for (Pending pending : batch) {
                try {
                    pending.result().complete(transactions.execute(status -> {
                        Outcome outcome = engine.executeAlone(List.of(pending.command()), writer).getFirst();
                        pending.alongside().accept(outcome);
                        return outcome;
                    }));
                } catch (RuntimeException failed) {
                    pending.result().completeExceptionally(failed);
                }
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(outcomes.get(i));
        }
    }
}
