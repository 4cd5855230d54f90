package dev.mercato.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.Eventually;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records, from a trigger on the publication registry, the {@code synchronous_commit} in force in
 * the transaction that wrote each publication of a new user's {@code UserCreated} event: the
 * publishing transaction inserts them, each listener's transaction completes its own.
 */
abstract class ListenerCommitSettings extends IntegrationTest {

    /** One write to the registry: INSERT or UPDATE, the listener, and the commit setting in force. */
    record Write(String operation, String listenerId, String synchronousCommit) {
    }

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void recordSettings() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS listener_commit_settings_test (op text, listener_id text, serialized text, setting text)");
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION listener_commit_settings_test() RETURNS trigger AS $$
                BEGIN
                  IF NEW.event_type = 'dev.mercato.identity.UserCreated' THEN
                    INSERT INTO listener_commit_settings_test
                    VALUES (TG_OP, NEW.listener_id, NEW.serialized_event, current_setting('synchronous_commit'));
                  END IF;
                  RETURN NULL;
                END $$ LANGUAGE plpgsql""");
        jdbc.execute("""
                CREATE OR REPLACE TRIGGER listener_commit_settings_test AFTER INSERT OR UPDATE ON event_publication
                FOR EACH ROW EXECUTE FUNCTION listener_commit_settings_test()""");
    }

    @AfterEach
    void stopRecording() {
        jdbc.execute("DROP TRIGGER IF EXISTS listener_commit_settings_test ON event_publication");
        jdbc.execute("DROP TABLE IF EXISTS listener_commit_settings_test");
    }

    /** Creates a user and returns the registry writes of its event once both listeners completed. */
    List<Write> writesOfANewUsersEvent() {
        String user = new HttpFixtures(api, admin()).user();
        assertThat(Eventually.holds(() -> jdbc.queryForObject("""
                SELECT count(*) FROM event_publication WHERE event_type = 'dev.mercato.identity.UserCreated'
                  AND serialized_event LIKE '%' || ? || '%' AND completion_date IS NOT NULL""", Long.class, user) == 2))
                .as("both UserCreated listeners completed").isTrue();
        return jdbc.query("""
                SELECT op, listener_id, setting FROM listener_commit_settings_test
                WHERE serialized LIKE '%' || ? || '%' ORDER BY op, listener_id""",
                (rs, n) -> new Write(rs.getString(1), rs.getString(2), rs.getString(3)), user);
    }
}
