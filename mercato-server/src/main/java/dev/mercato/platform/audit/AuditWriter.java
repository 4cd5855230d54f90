package dev.mercato.platform.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for audit events: requests hand their event to one writer thread, which stores
 * whatever has queued up in one database transaction (one fsync for the lot) and then releases
 * each waiting request. A request still returns only after its event is committed (ADR 0009);
 * under load, many events share a commit instead of each paying for its own.
 */
@Component
class AuditWriter implements SmartLifecycle {

    private static final int MAX_BATCH = 256;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private record Pending(AuditEvent event, CompletableFuture<Void> stored) {
    }

    private final AuditEvents events;
    private final TransactionTemplate transactions;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_BATCH * 16);
    private volatile boolean running;
    private Thread thread;

    AuditWriter(AuditEvents events, TransactionTemplate transactions) {
        this.events = events;
        this.transactions = transactions;
    }

    /** Stores the event; returns once it is committed, throws if it could not be. */
    void store(AuditEvent event) {
        try {
            storeLater(event).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing an audit event", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the audit event was not stored within " + WAIT, e);
        }
    }

    /**
     * Queues the event for the next group commit and returns at once; the future completes when it
     * is committed. A full queue makes the caller wait for room (up to {@link #WAIT}), so a flood of
     * events slows their requests down instead of piling up.
     *
     * @throws IllegalStateException when the writer has no room for it within {@link #WAIT}
     */
    CompletableFuture<Void> storeLater(AuditEvent event) {
        if (!running) {
            events.insert(List.of(event)); // starting or stopping: no writer, store it directly
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> stored = new CompletableFuture<>();
        try {
            if (!queue.offer(new Pending(event, stored), WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the audit writer is not keeping up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing an audit event", e);
        }
        return stored;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("audit-writer").daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        try {
            thread.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server's graceful shutdown (a higher phase), so in-flight requests find the writer. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<AuditEvent> toStore = batch.stream().map(Pending::event).toList();
                transactions.executeWithoutResult(status -> events.insert(toStore));
                batch.forEach(p -> p.stored().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException failed) {
                batch.forEach(p -> p.stored().completeExceptionally(failed));
            } finally {
                batch.clear();
            }
        }
    }
}
