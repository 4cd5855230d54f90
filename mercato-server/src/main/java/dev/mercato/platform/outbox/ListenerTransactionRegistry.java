package dev.mercato.platform.outbox;

import java.time.Clock;
import java.util.Collection;
import java.util.stream.Stream;
import org.springframework.modulith.events.core.DefaultEventPublicationRegistry;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.modulith.events.core.TargetEventPublication;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Modulith's event publication registry with one commit per delivery instead of three (ADR 0016).
 * Modulith 2.1 marks a publication "processing" and then "completed", each in a transaction of
 * its own around the listener's: with four listeners of {@code OrderPaid} that was twelve commits
 * (twelve fsyncs) per purchase. Here a publication is completed inside the listener's
 * transaction — it commits with the listener's work or not at all — and "processing" is not
 * stored (nothing here reads it; an unfinished publication stays incomplete and is retried).
 * A failure is still recorded in a transaction of its own, since the listener's rolls back.
 * An event's publications, one per listener, are inserted in one batch ({@link PublicationInserts}).
 */
class ListenerTransactionRegistry extends DefaultEventPublicationRegistry {

    private final PublicationInserts inserts;

    ListenerTransactionRegistry(PublicationInserts inserts, Clock clock) {
        super(inserts, clock);
        this.inserts = inserts;
    }

    @Override
    public Collection<TargetEventPublication> store(Object event, Stream<PublicationTargetIdentifier> listeners) {
        return inserts.batched(() -> super.store(event, listeners));
    }

    @Override
    @Transactional(propagation = Propagation.SUPPORTS)
    public void markProcessing(Object event, PublicationTargetIdentifier identifier) {
        // Not stored: see the class comment.
    }

    @Override
    @Transactional(propagation = Propagation.REQUIRED)
    public void markCompleted(Object event, PublicationTargetIdentifier identifier) {
        super.markCompleted(event, identifier);
    }
}
