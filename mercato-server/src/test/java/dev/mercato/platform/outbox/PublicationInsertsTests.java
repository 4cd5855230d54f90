package dev.mercato.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An event's publications — one row per listener — are inserted by one statement in the
 * publishing transaction, as Modulith would write each of them, and every listener still gets its
 * delivery. A statement-level trigger records how many rows each insert into the registry wrote.
 */
class PublicationInsertsTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    HttpFixtures fixtures;

    @BeforeEach
    void recordInserts() {
        fixtures = new HttpFixtures(api, admin());
        jdbc.execute("CREATE TABLE IF NOT EXISTS publication_inserts_test (tx bigint, listener_ids text[], serialized text[])");
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION publication_inserts_test() RETURNS trigger AS $$
                BEGIN
                  INSERT INTO publication_inserts_test
                  SELECT txid_current(), array_agg(listener_id ORDER BY listener_id), array_agg(DISTINCT serialized_event)
                  FROM inserted WHERE event_type = 'dev.mercato.identity.UserCreated';
                  RETURN NULL;
                END $$ LANGUAGE plpgsql""");
        jdbc.execute("""
                CREATE OR REPLACE TRIGGER publication_inserts_test AFTER INSERT ON event_publication
                REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION publication_inserts_test()""");
    }

    @AfterEach
    void stopRecording() {
        jdbc.execute("DROP TRIGGER IF EXISTS publication_inserts_test ON event_publication");
        jdbc.execute("DROP TABLE IF EXISTS publication_inserts_test");
    }

    @Test
    void anEventsPublicationsAreOneInsertAndEachIsDelivered() {
        String user = fixtures.user();

        List<Map<String, Object>> inserts = jdbc.queryForList("""
                SELECT array_length(listener_ids, 1) AS listeners FROM publication_inserts_test
                WHERE serialized[1] LIKE '%' || ? || '%'""", user);
        assertThat(inserts).as("one statement inserted the user's publications").hasSize(1);
        assertThat(((Number) inserts.getFirst().get("listeners")).intValue()).as("one row per UserCreated listener")
                .isEqualTo(2);

        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT status, completion_attempts, last_resubmission_date = publication_date AS as_modulith_writes
                FROM event_publication WHERE event_type = 'dev.mercato.identity.UserCreated'
                  AND serialized_event LIKE '%' || ? || '%'""", user);
        assertThat(rows).hasSize(2).allSatisfy(row -> {
            assertThat(row.get("completion_attempts")).isEqualTo(1);
            assertThat(row.get("as_modulith_writes")).isEqualTo(true);
        });
        assertThat(Eventually.holds(() -> jdbc.queryForObject("""
                SELECT count(*) FROM event_publication WHERE event_type = 'dev.mercato.identity.UserCreated'
                  AND serialized_event LIKE '%' || ? || '%' AND status = 'COMPLETED' AND completion_date IS NOT NULL""",
                Long.class, user) == 2)).as("both listeners completed their delivery").isTrue();
    }
}
