package dev.mercato.platform.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads Spring Modulith's event publication registry ({@code event_publication}, V1) for operators.
 * Modulith's own API returns every incomplete publication at once; operators need them paged and
 * filtered, so they are read here with SQL. Changes go through Modulith, except one it has no API
 * for (see {@link #releaseAbandonedResubmissions}).
 */
@Repository
class EventPublications {

    /** One listener's copy of a published event that has not completed yet. */
    record Publication(UUID id, String listenerId, String eventType, String serializedEvent, Instant publishedAt,
            String status, int completionAttempts, Instant lastResubmittedAt) {
    }

    private final JdbcClient jdbc;

    EventPublications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Incomplete publications, oldest first, optionally of one Modulith status ({@code FAILED} …). */
    List<Publication> incomplete(String status, UUID startingAfter, int limit) {
        return jdbc.sql("""
                SELECT * FROM event_publication
                WHERE completion_date IS NULL AND (CAST(:status AS text) IS NULL OR status = :status)
                  AND (CAST(:after AS uuid) IS NULL
                       OR (publication_date, id) > (SELECT publication_date, id FROM event_publication WHERE id = :after))
                ORDER BY publication_date, id LIMIT :limit""")
                .param("status", status).param("after", startingAfter).param("limit", limit)
                .query(this::map).list();
    }

    /**
     * A resubmission marks its publication RESUBMITTED, and Modulith resubmits nothing in that
     * state; if the instance running it died, it would stay there for good. Those unfinished for
     * longer than the timeout are marked FAILED again, conditionally, so they are retried.
     */
    int releaseAbandonedResubmissions(Instant resubmittedBefore) {
        return jdbc.sql("""
                UPDATE event_publication SET status = 'FAILED'
                WHERE completion_date IS NULL AND status = 'RESUBMITTED' AND last_resubmission_date < :before""")
                .param("before", Timestamp.from(resubmittedBefore)).update();
    }

    private Publication map(ResultSet rs, int n) throws SQLException {
        Timestamp resubmitted = rs.getTimestamp("last_resubmission_date");
        return new Publication(rs.getObject("id", UUID.class), rs.getString("listener_id"), rs.getString("event_type"),
                rs.getString("serialized_event"), rs.getTimestamp("publication_date").toInstant(), rs.getString("status"),
                rs.getInt("completion_attempts"), resubmitted == null ? null : resubmitted.toInstant());
    }
}
