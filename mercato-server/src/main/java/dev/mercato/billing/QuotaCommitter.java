package dev.mercato.billing;

import dev.mercato.billing.QuotaCounting.QuotaConsume;
import dev.mercato.billing.QuotaCounting.QuotaOutcome;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for quota consumes made outside a database transaction (ADR 0030), as the ledger
 * batches its posts (ADR 0003): each writer lane drains its queue into one batch and counts it in
 * one transaction — one commit, one WAL flush, for the lot — and every caller is answered with its
 * own outcome once that transaction has committed. A user's consumes always go to the same lane,
 * so two lanes never wait on one counter row.
 *
 * <p>Commits are pipelined (ADR 0039): a lane has {@code mercato.billing.consume-pipeline} threads
 * that take turns. The thread whose turn it is takes the next batch and counts it; once the batch's
 * statements are done it hands the turn on and only then commits, so the next batch is gathered and
 * counted while this one's commit is flushing. Batches are counted one at a time in queue order; a
 * later batch that touches a row an earlier one changed waits on the row lock for that commit (or
 * rollback) and then sees its outcome, so every consume stays exact against its limit.
 *
 * <p>A statement that fails (a broken counter, a deadlock) rolls the batch back, and its consumes are
 * then counted one by one, each in its own transaction and before the turn passes on, so the failure
 * reaches only its own caller. A failure once the consumes were counted (the audit insert just before
 * the commit, the commit itself) is not retried: the commit may have happened, and a consume without
 * an id must never count twice, so every caller of that batch gets the error, as it would for a
 * commit of its own; the batches around it are answered with their own outcomes.
 */
@Component
class QuotaCommitter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QuotaCommitter.class);

    private record Pending(QuotaConsume consume, CompletableFuture<QuotaOutcome> result) {
    }

    /** A statement of the batch failed: the batch rolled back before anything was committed. */
    private static final class CountingFailed extends RuntimeException {

        CountingFailed(RuntimeException cause) {
            super(cause);
        }
    }

    private final QuotaCounting counting;
    private final TransactionTemplate transactions;
    private final int maxBatch;
    private final int pipeline;
    private final List<BlockingQueue<Pending>> queues = new ArrayList<>();
    private final List<ReentrantLock> turns = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final DistributionSummary batchSizes;
    private volatile boolean running;

    QuotaCommitter(QuotaCounting counting, TransactionTemplate transactions, MeterRegistry meters,
            @Value("${mercato.billing.consume-writers:2}") int writers,
            @Value("${mercato.billing.consume-max-batch:128}") int maxBatch,
            @Value("${mercato.billing.consume-pipeline:2}") int pipeline) {
        if (writers < 1 || maxBatch < 1 || pipeline < 1) {
            throw new IllegalArgumentException(
                    "mercato.billing.consume-writers, consume-max-batch and consume-pipeline must be at least 1");
        }
        this.counting = counting;
        this.transactions = transactions;
        this.maxBatch = maxBatch;
        this.pipeline = pipeline;
        for (int i = 0; i < writers; i++) {
            queues.add(new LinkedBlockingQueue<>(maxBatch * 8));
            turns.add(new ReentrantLock(true));
        }
        this.batchSizes = DistributionSummary.builder("mercato.billing.consume.batch.size")
                .description("quota consumes per group-committed database transaction").register(meters);
    }

    /**
     * Counts one consume: in the caller's transaction when one is active (it commits with the
     * caller's change), else in the next batch of its user's writer, answered after that commits.
     */
    QuotaOutcome count(QuotaConsume consume) {
        if (TransactionSynchronizationManager.isActualTransactionActive() || !running) {
            return counting.countAlone(consume);
        }
        CompletableFuture<QuotaOutcome> result = new CompletableFuture<>();
        try {
            queues.get(lane(consume.userId())).put(new Pending(consume, result));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing a consume", e);
        }
        try {
            return result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The writer lane that counts {@code userId}'s consumes. */
    int lane(String userId) {
        return Math.floorMod(userId.hashCode(), queues.size());
    }

    /** Counts {@code batch} as a writer does, on this thread: for tests of a batch's outcome. */
    List<CompletableFuture<QuotaOutcome>> commit(List<QuotaConsume> batch) {
        List<Pending> pending = batch.stream().map(c -> new Pending(c, new CompletableFuture<QuotaOutcome>())).toList();
        run(pending, () -> { });
        return pending.stream().map(Pending::result).toList();
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<Pending> queue = queues.get(i);
            ReentrantLock turn = turns.get(i);
            for (int j = 0; j < pipeline; j++) {
                threads.add(Thread.ofPlatform().name("consume-writer-" + i + "-" + j).daemon()
                        .start(() -> loop(queue, turn)));
            }
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

    /** Stops after the web server's graceful shutdown has let in-flight consumes finish. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void loop(BlockingQueue<Pending> queue, ReentrantLock turn) {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                turn.lockInterruptibly();
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                run(batch, () -> handOn(turn));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unexpected) {
                log.error("a consume writer failed a batch", unexpected);
                batch.forEach(p -> p.result().completeExceptionally(unexpected));
            } finally {
                handOn(turn);
                batch.clear();
            }
        }
    }

    private static void handOn(ReentrantLock turn) {
        if (turn.isHeldByCurrentThread()) {
            turn.unlock();
        }
    }

    /** Counts and commits {@code batch}, running {@code counted} between its last statement and its commit. */
    private void run(List<Pending> batch, Runnable counted) {
        batchSizes.record(batch.size());
        List<QuotaConsume> consumes = batch.stream().map(Pending::consume).toList();
        List<QuotaOutcome> outcomes;
        try {
            outcomes = transactions.execute(status -> {
                List<QuotaOutcome> done;
                try {
                    done = counting.count(consumes);
                } catch (RuntimeException failed) {
                    throw new CountingFailed(failed);
                }
                counted.run();
                return done;
            });
        } catch (CountingFailed rolledBack) {
            log.debug("a batch of {} consumes rolled back ({}); counting them one by one", batch.size(),
                    rolledBack.getCause().toString());
            for (Pending pending : batch) {
                try {
                    pending.result().complete(counting.countAlone(pending.consume()));
                } catch (RuntimeException failed) {
                    pending.result().completeExceptionally(failed);
                }
            }
            return;
        } catch (RuntimeException commitFailed) {
            batch.forEach(p -> p.result().completeExceptionally(commitFailed));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(outcomes.get(i));
        }
    }
}
