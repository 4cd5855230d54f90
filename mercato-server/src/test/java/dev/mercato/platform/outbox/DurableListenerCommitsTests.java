package dev.mercato.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With {@code mercato.outbox.durable-listener-commits=true}, listeners' commits wait for the disk too. */
@TestPropertySource(properties = "mercato.outbox.durable-listener-commits=true")
class DurableListenerCommitsTests extends ListenerCommitSettings {

    @Test
    void everyWriteOfTheEventWaitsForTheDisk() {
        assertThat(writesOfANewUsersEvent()).hasSize(4)
                .allSatisfy(w -> assertThat(w.synchronousCommit()).isEqualTo("on"));
    }
}
