package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.billing.QuotaCounting.QuotaConsume;
import dev.mercato.billing.QuotaCounting.QuotaOutcome;
import dev.mercato.platform.AuditLog;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Pipelined commits of the consume group committer (ADR 0039): the next batch is counted while the
 * previous one's commit is still in flight, and it stays exact against what that commit does — it
 * waits for the rows the earlier batch changed, sees them if the commit succeeds and the old values
 * if it fails, and a failed commit answers only its own callers with the error.
 */
class QuotaPipelineTests extends BillingIntegrationTest {

    static final Instant PERIOD = Instant.parse("2026-11-01T00:00:00Z");

    @Autowired
    QuotaCommitter committer;

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch committing = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stopCallers() {
        release.countDown();
        callers.shutdown();
    }

    @Test
    void aConsumeQueuedWhileAnEarlierBatchCommitsIsAnsweredWithoutWaitingForThatCommit() throws Exception {
        String first = user();
        String second = userInTheLaneOf(first);

        CompletableFuture<QuotaOutcome> held = count(consume(first, 1, 10L, heldAtCommit(false)));
        assertThat(committing.await(10, TimeUnit.SECONDS)).as("the first batch reached its commit").isTrue();
        QuotaOutcome next = count(consume(second, 1, 10L, AuditLog.Capture.NONE)).get(10, TimeUnit.SECONDS);

        assertThat(next.used()).isEqualTo(1);
        assertThat(held).as("its commit is still held").isNotDone();
        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS).used()).isEqualTo(1);
        assertThat(used(first)).isEqualTo(1);
        assertThat(used(second)).isEqualTo(1);
    }

    @Test
    void aLaterBatchOnTheSameCounterWaitsForTheEarlierCommitAndCountsAgainstIt() throws Exception {
        String user = user();

        CompletableFuture<QuotaOutcome> held = count(consume(user, 2, 3L, heldAtCommit(false)));
        assertThat(committing.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<QuotaOutcome> later = count(consume(user, 2, 3L, AuditLog.Capture.NONE));
        awaitAStatementWaitingOnALock();

        assertThat(later).as("it waits on the counter row the first batch changed").isNotDone();
        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS).used()).isEqualTo(2);
        assertThat(later.get(10, TimeUnit.SECONDS).counted()).as("2 + 2 exceeds 3: refused").isFalse();
        assertThat(used(user)).isEqualTo(2);
    }

    @Test
    void aFailedCommitAnswersOnlyItsOwnCallersAndTheNextBatchCountsAgainstWhatWasThereBefore() throws Exception {
        String user = user();
        String neighbour = userInTheLaneOf(user);

        CompletableFuture<QuotaOutcome> failing = count(consume(user, 2, 3L, heldAtCommit(true)));
        assertThat(committing.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<QuotaOutcome> sameCounter = count(consume(user, 2, 3L, AuditLog.Capture.NONE));
        awaitAStatementWaitingOnALock();
        CompletableFuture<QuotaOutcome> otherCounter = count(consume(neighbour, 1, 3L, AuditLog.Capture.NONE));
        release.countDown();

        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("the audit insert failed");
        assertThat(sameCounter.get(10, TimeUnit.SECONDS).used())
                .as("counted against the 0 left by the rolled-back commit, not the 2 it had counted").isEqualTo(2);
        assertThat(otherCounter.get(10, TimeUnit.SECONDS).used()).isEqualTo(1);
        assertThat(used(user)).isEqualTo(2);
        assertThat(used(neighbour)).isEqualTo(1);
    }

    /** An audit capture whose transaction stops just before its commit until released, then fails it or not. */
    private AuditLog.Capture heldAtCommit(boolean fail) {
        return (type, id, before, after) -> TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void beforeCommit(boolean readOnly) {
                        committing.countDown();
                        try {
                            if (!release.await(30, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("never released");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                        if (fail) {
                            throw new IllegalStateException("the audit insert failed");
                        }
                    }
                });
    }

    private CompletableFuture<QuotaOutcome> count(QuotaConsume consume) {
        return CompletableFuture.supplyAsync(() -> committer.count(consume), callers);
    }

    private void awaitAStatementWaitingOnALock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (jdbc.queryForObject("""
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""",
                Long.class) == 0) {
            assertThat(System.nanoTime()).as("a statement waits on a lock").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private QuotaConsume consume(String user, long quantity, Long limit, AuditLog.Capture audit) {
        return new QuotaConsume(user, "api_calls", PERIOD, quantity, limit, true, null, clock.instant(), audit);
    }

    private long used(String user) {
        return jdbc.queryForObject("SELECT coalesce(sum(used), 0) FROM billing_usage WHERE user_id = ?", Long.class, user);
    }

    private String userInTheLaneOf(String user) {
        String other = user();
        while (committer.lane(other) != committer.lane(user)) {
            other = user();
        }
        return other;
    }

    private static String user() {
        return "usr_pipe_" + UUID.randomUUID().toString().replace("-", "");
    }
}
