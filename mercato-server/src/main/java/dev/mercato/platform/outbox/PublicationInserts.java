package dev.mercato.platform.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.modulith.events.core.TargetEventPublication;

/**
 * Modulith's JDBC publication repository, except that the publications of one event — one row per
 * listener, six for a paid order — are inserted by one multi-row {@code INSERT} instead of one
 * each (a JDBC batch would not do: the driver rewrites it in power-of-two chunks, six as 4 + 2).
 * Modulith creates them one by one inside {@code store}; {@link ListenerTransactionRegistry} wraps
 * that call in {@link #batched}, which collects them and inserts them before it returns, still in
 * the publishing transaction. The rows are exactly what Modulith 2.1.1's
 * {@code JdbcEventPublicationRepositoryV2.create} writes. Everything else is delegated.
 */
final class PublicationInserts implements EventPublicationRepository {

    private static final String INSERT = """
            INSERT INTO event_publication (id, event_type, listener_id, publication_date, serialized_event, status,
                completion_attempts, last_resubmission_date)
            VALUES """;
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?)";

    private final EventPublicationRepository delegate;
    private final JdbcOperations jdbc;
    private final EventSerializer serializer;
    private final ThreadLocal<List<TargetEventPublication>> batch = new ThreadLocal<>();

    PublicationInserts(EventPublicationRepository delegate, JdbcOperations jdbc, EventSerializer serializer) {
        this.delegate = delegate;
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** Runs {@code store}; the publications it creates are inserted together before this returns. */
    <T> T batched(Supplier<T> store) {
        if (batch.get() != null) {
            return store.get();
        }
        List<TargetEventPublication> created = new ArrayList<>();
        batch.set(created);
        T stored;
        try {
            stored = store.get();
        } finally {
            batch.remove();
        }
        insert(created);
        return stored;
    }

    @Override
    public TargetEventPublication create(TargetEventPublication publication) {
        List<TargetEventPublication> open = batch.get();
        if (open == null) {
            insert(List.of(publication));
        } else {
            open.add(publication);
        }
        return publication;
    }

    private void insert(List<TargetEventPublication> publications) {
        if (publications.isEmpty()) {
            return;
        }
        List<Object> values = new ArrayList<>(publications.size() * 8);
        for (TargetEventPublication p : publications) {
            Timestamp published = Timestamp.from(p.getPublicationDate());
            values.addAll(List.of(p.getIdentifier(), p.getEvent().getClass().getName(), p.getTargetIdentifier().getValue(),
                    published, serializer.serialize(p.getEvent()).toString(), p.getStatus().name(), 1, published));
        }
        jdbc.update(INSERT + String.join(", ", Collections.nCopies(publications.size(), ROW)), values.toArray());
    }

    @Override
    public void markProcessing(UUID identifier) {
        delegate.markProcessing(identifier);
    }

    @Override
    public void markCompleted(TargetEventPublication publication, Instant completionDate) {
        delegate.markCompleted(publication, completionDate);
    }

    @Override
    public void markCompleted(Object event, PublicationTargetIdentifier identifier, Instant completionDate) {
        delegate.markCompleted(event, identifier, completionDate);
    }

    @Override
    public void markCompleted(UUID identifier, Instant completionDate) {
        delegate.markCompleted(identifier, completionDate);
    }

    @Override
    public void markFailed(UUID identifier) {
        delegate.markFailed(identifier);
    }

    @Override
    public boolean markResubmitted(UUID identifier, Instant resubmissionDate) {
        return delegate.markResubmitted(identifier, resubmissionDate);
    }

    @Override
    public List<TargetEventPublication> findIncompletePublications() {
        return delegate.findIncompletePublications();
    }

    @Override
    public List<TargetEventPublication> findIncompletePublicationsPublishedBefore(Instant instant) {
        return delegate.findIncompletePublicationsPublishedBefore(instant);
    }

    @Override
    public Optional<TargetEventPublication> findIncompletePublicationsByEventAndTargetIdentifier(Object event,
            PublicationTargetIdentifier targetIdentifier) {
        return delegate.findIncompletePublicationsByEventAndTargetIdentifier(event, targetIdentifier);
    }

    @Override
    public List<TargetEventPublication> findCompletedPublications() {
        return delegate.findCompletedPublications();
    }

    @Override
    public void deletePublications(List<UUID> identifiers) {
        delegate.deletePublications(identifiers);
    }

    @Override
    public void deleteCompletedPublications() {
        delegate.deleteCompletedPublications();
    }

    @Override
    public void deleteCompletedPublicationsBefore(Instant instant) {
        delegate.deleteCompletedPublicationsBefore(instant);
    }

    @Override
    public List<TargetEventPublication> findFailedPublications(FailedCriteria criteria) {
        return delegate.findFailedPublications(criteria);
    }

    @Override
    public List<TargetEventPublication> findByStatus(EventPublication.Status status) {
        return delegate.findByStatus(status);
    }

    @Override
    public int countByStatus(EventPublication.Status status) {
        return delegate.countByStatus(status);
    }
}
