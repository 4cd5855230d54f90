package dev.mercato.platform.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** pg_dump's connection comes from the datasource settings; the password never shows in its text form. */
class DatabaseConnectionTests {

    @Test
    void readsHostPortDatabaseAndCredentials() {
        DatabaseConnection c = DatabaseConnection.of("jdbc:postgresql://db.internal:6543/shop?sslmode=require", "app", "s3cret");

        assertThat(c).extracting(DatabaseConnection::host, DatabaseConnection::port, DatabaseConnection::database,
                DatabaseConnection::user, DatabaseConnection::password, DatabaseConnection::sslMode)
                .containsExactly("db.internal", 6543, "shop", "app", "s3cret", "require");
        assertThat(c.toString()).isEqualTo("app@db.internal:6543/shop").doesNotContain("s3cret");
    }

    @Test
    void takesTheDefaultPortTheFirstHostAndCredentialsFromTheUrl() {
        DatabaseConnection c = DatabaseConnection.of("jdbc:postgresql://primary,replica:5433/mercato?user=u&password=p%40ss",
                "", null);

        assertThat(c).extracting(DatabaseConnection::host, DatabaseConnection::port, DatabaseConnection::user,
                DatabaseConnection::password).containsExactly("primary", 5432, "u", "p@ss");
    }

    @Test
    void refusesAUrlWithoutDatabaseWithoutEchoingItsParameters() {
        assertThatThrownBy(() -> DatabaseConnection.of("jdbc:postgresql://host:5432/?password=secret", "u", ""))
                .hasMessageContaining("names no database").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseConnection.of("jdbc:mysql://host/db", "u", ""))
                .hasMessageContaining("jdbc:postgresql://");
    }
}
