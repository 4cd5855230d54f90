package dev.mercato.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.billing.QuotaCounting.QuotaConsume;
import dev.mercato.billing.QuotaCounting.QuotaOutcome;
import dev.mercato.platform.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A batch of the consume group committer (ADR 0030): exact in arrival order, a refusal or a failure
 * reaches only its own consume, a consume id counts once, nothing of a rolled-back batch remains.
 */
class QuotaBatchTests extends BillingIntegrationTest {

    static final Instant PERIOD = Instant.parse("2026-11-01T00:00:00Z");

    @Autowired
    QuotaCommitter committer;

    @Test
    void aMixedBatchCountsInArrivalOrderAndRefusesOnlyWhatNoLongerFits() {
        String user = user();
        List<QuotaOutcome> outcomes = outcomes(committer.commit(List.of(consume(user, 2, 3L, null),
                consume(user, 2, 3L, null), consume(user, 1, 3L, null), consume(user, 1, 3L, null))));

        assertThat(outcomes).extracting(QuotaOutcome::counted).containsExactly(true, false, true, false);
        assertThat(outcomes.get(0).used()).isEqualTo(2);
        assertThat(outcomes.get(2).used()).isEqualTo(3);
        assertThat(used(user)).isEqualTo(3);
    }

    @Test
    void oneConsumeIdTwiceInABatchCountsOnceAndTheLaterOnesAnswerTheFirst() {
        String user = user();
        List<QuotaOutcome> outcomes = outcomes(committer.commit(List.of(consume(user, 5, 3L, "run-1"),
                consume(user, 1, 3L, "run-1"), consume(user, 1, 3L, "run-1"), consume(user, 2, 3L, "run-1"),
                consume(user, 1, 3L, "run-2"))));

        assertThat(outcomes.get(0).counted()).as("5 does not fit a quota of 3; refused, the id stays free").isFalse();
        assertThat(outcomes.get(1).used()).isEqualTo(1);
        assertThat(outcomes.get(2).earlier()).as("a repeat of the counted consume").isNotNull();
        assertThat(outcomes.get(2).earlier().quantity()).isEqualTo(1);
        assertThat(outcomes.get(3).earlier().quantity()).as("another quantity: the caller answers consume_id_reused")
                .isEqualTo(1);
        assertThat(outcomes.get(4).used()).isEqualTo(2);
        assertThat(used(user)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM billing_consumes WHERE user_id = ?", Long.class, user))
                .isEqualTo(2);
    }

    @Test
    void aFailingStatementFailsOnlyItsOwnConsumeAndTheRolledBackAttemptLeavesNothing() {
        String first = user();
        String broken = user();
        String last = user();
        jdbc.update("INSERT INTO billing_usage (user_id, feature, period_start, used, updated_at) VALUES (?, 'api_calls', ?, ?, now())",
                broken, java.sql.Timestamp.from(PERIOD), Long.MAX_VALUE);

        List<CompletableFuture<QuotaOutcome>> answers = committer.commit(List.of(consume(first, 1, null, null),
                consume(broken, 1, null, null), consume(last, 1, null, null)));

        assertThat(answers.get(0).join().used()).isEqualTo(1);
        assertThat(answers.get(1)).as("bigint out of range: its own error").isCompletedExceptionally();
        assertThat(answers.get(2).join().used()).isEqualTo(1);
        assertThat(used(first)).as("counted once, not again for the rolled-back batch").isEqualTo(1);
        assertThat(used(last)).isEqualTo(1);
        assertThat(used(broken)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anIdCommittedMeanwhileByAnotherTransactionCountsNothingAndSparesItsNeighbours() {
        String user = user();
        jdbc.update("""
                INSERT INTO billing_consumes (user_id, consume_id, feature, quantity, source, created_at)
                VALUES (?, 'retry-1', 'api_calls', 1, 'quota', now())""", user);

        List<QuotaOutcome> outcomes = outcomes(committer.commit(List.of(consume(user, 1, 10L, "retry-1"),
                consume(user, 1, 10L, "retry-2"))));

        assertThat(outcomes.get(0).idTaken()).isTrue();
        assertThat(outcomes.get(1).used()).isEqualTo(1);
        assertThat(used(user)).isEqualTo(1);
    }

    @Test
    void aBatchThatFailsAtItsCommitAnswersEveryCallerWithTheErrorAndCountsNothing() {
        String failing = user();
        String neighbour = user();
        AuditLog.Capture failsBeforeCommit = (type, id, before, after) -> TransactionSynchronizationManager
                .registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void beforeCommit(boolean readOnly) {
                        throw new IllegalStateException("the audit insert failed");
                    }
                });

        List<CompletableFuture<QuotaOutcome>> answers = committer.commit(List.of(
                new QuotaConsume(failing, "api_calls", PERIOD, 1, null, true, null, clock.instant(), failsBeforeCommit),
                consume(neighbour, 1, null, null)));

        assertThat(answers).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(used(failing)).isZero();
        assertThat(used(neighbour)).as("not retried: a commit that failed in flight may have happened").isZero();
    }

    @Test
    void everyConsumeOfABatchRecordsItsAuditChangeInTheBatchTransaction() {
        List<Long> transactionsSeen = new ArrayList<>();
        AuditLog.Capture recording = (type, id, before, after) -> transactionsSeen.add(
                jdbc.queryForObject("SELECT txid_current()", Long.class));
        String one = user();
        String two = user();

        committer.commit(List.of(new QuotaConsume(one, "api_calls", PERIOD, 1, null, true, null, clock.instant(), recording),
                new QuotaConsume(two, "api_calls", PERIOD, 1, null, true, null, clock.instant(), recording)));

        assertThat(transactionsSeen).hasSize(2);
        assertThat(transactionsSeen.get(0)).isEqualTo(transactionsSeen.get(1));
        assertThat(jdbc.queryForObject("SELECT xmin::text::bigint FROM billing_usage WHERE user_id = ?", Long.class, one))
                .as("the counter committed in the transaction that recorded the audit change")
                .isEqualTo(transactionsSeen.getFirst() & 0xFFFFFFFFL);
    }

    @Test
    void aBatchOfDistinctCountersCountsEachExactlyAgainstItsOwnLimit() {
        String fits = user();
        String full = user();
        String fresh = user();
        String tooBig = user();
        String unlimited = user();
        String overage = user();
        for (String[] row : new String[][] {{fits, "2"}, {full, "3"}, {unlimited, "5"}, {overage, "3"}}) {
            jdbc.update("INSERT INTO billing_usage (user_id, feature, period_start, used, updated_at) VALUES (?, 'api_calls', ?, ?, now())",
                    row[0], java.sql.Timestamp.from(PERIOD), Long.parseLong(row[1]));
        }
        List<String> audited = new ArrayList<>();
        AuditLog.Capture recording = (type, id, before, after) -> audited.add(id + " " + before + " -> " + after);

        List<QuotaOutcome> outcomes = outcomes(committer.commit(List.of(
                consume(fits, 1, 3L, null, true, recording), consume(full, 1, 3L, "full-1", true, recording),
                consume(fresh, 2, 3L, null, true, recording), consume(tooBig, 2, 1L, null, true, recording),
                consume(unlimited, 1, null, "run-1", true, recording), consume(overage, 1, 3L, null, false, recording))));

        assertThat(outcomes).extracting(QuotaOutcome::source)
                .containsExactly("quota", null, "quota", null, "quota", "overage");
        assertThat(outcomes).extracting(QuotaOutcome::used).containsExactly(3L, 0L, 2L, 0L, 6L, 4L);
        assertThat(List.of(used(fits), used(full), used(fresh), used(tooBig), used(unlimited), used(overage)))
                .containsExactly(3L, 3L, 2L, 0L, 6L, 4L);
        assertThat(audited).as("one change per counted consume, none for a refused one").hasSize(4)
                .anyMatch(change -> change.startsWith(fits + "/api_calls") && change.contains("used=2")
                        && change.contains("used=3"));
        assertThat(jdbc.queryForList("SELECT user_id FROM billing_consumes WHERE user_id IN (?, ?)", String.class, full,
                unlimited)).as("only the counted consume keeps its id").containsExactly(unlimited);
    }

    @Test
    void aBatchOfDistinctCountersStillFailsOnlyTheConsumeWhoseCounterIsBroken() {
        String first = user();
        String broken = user();
        jdbc.update("INSERT INTO billing_usage (user_id, feature, period_start, used, updated_at) VALUES (?, 'api_calls', ?, ?, now()), (?, 'api_calls', ?, ?, now())",
                first, java.sql.Timestamp.from(PERIOD), 1L, broken, java.sql.Timestamp.from(PERIOD), Long.MAX_VALUE);

        List<CompletableFuture<QuotaOutcome>> answers = committer.commit(List.of(consume(first, 1, null, null),
                consume(broken, 1, null, null)));

        assertThat(answers.get(0).join().used()).isEqualTo(2);
        assertThat(answers.get(1)).as("bigint out of range: its own error").isCompletedExceptionally();
        assertThat(used(first)).as("counted once, not again for the rolled-back statement").isEqualTo(2);
    }

    private QuotaConsume consume(String user, long quantity, Long limit, String consumeId, boolean enforced,
            AuditLog.Capture audit) {
        return new QuotaConsume(user, "api_calls", PERIOD, quantity, limit, enforced, consumeId, clock.instant(), audit);
    }

    private QuotaConsume consume(String user, long quantity, Long limit, String consumeId) {
        return new QuotaConsume(user, "api_calls", PERIOD, quantity, limit, true, consumeId, clock.instant(),
                AuditLog.Capture.NONE);
    }

    private static List<QuotaOutcome> outcomes(List<CompletableFuture<QuotaOutcome>> answers) {
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private long used(String user) {
        return jdbc.queryForObject("SELECT coalesce(sum(used), 0) FROM billing_usage WHERE user_id = ?", Long.class, user);
    }

    private static String user() {
        return "usr_batch_" + UUID.randomUUID().toString().replace("-", "");
    }
}
