package dev.mercato.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * By default a listener's transaction — its work and its publication's completion — commits
 * without waiting for the disk (ADR 0046), while the transaction that published the event, and
 * so the publications owed, stays durable.
 */
class ListenerCommitsTests extends ListenerCommitSettings {

    @Test
    void aListenersCompletionCommitsWithoutWaitingForTheDiskAndThePublishingTransactionWaits() {
        List<Write> writes = writesOfANewUsersEvent();

        assertThat(writes).filteredOn(w -> w.operation().equals("INSERT")).hasSize(2)
                .allSatisfy(w -> assertThat(w.synchronousCommit()).as("the publishing transaction").isEqualTo("on"));
        assertThat(writes).filteredOn(w -> w.operation().equals("UPDATE")).hasSize(2)
                .allSatisfy(w -> assertThat(w.synchronousCommit()).as("the listener's transaction").isEqualTo("off"));
    }
}
