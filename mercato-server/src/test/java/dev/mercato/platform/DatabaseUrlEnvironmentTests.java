package dev.mercato.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DatabaseUrlEnvironmentTests {

    @Test
    void turnsAHostingPlatformUrlIntoJdbcSettingsWithTheDecodedPassword() {
        Map<String, String> settings = DatabaseUrlEnvironment.toSpring("postgres://user:p%40ss@db.example:6543/app?sslmode=require");

        assertThat(settings).containsOnly(
                entry("spring.datasource.url", "jdbc:postgresql://db.example:6543/app?sslmode=require"),
                entry("spring.datasource.username", "user"),
                entry("spring.datasource.password", "p@ss"));
    }

    @Test
    void acceptsThePostgresqlSchemeAndDefaultsThePort() {
        assertThat(DatabaseUrlEnvironment.toSpring("postgresql://db.example/app"))
                .containsOnly(entry("spring.datasource.url", "jdbc:postgresql://db.example:5432/app"));
    }

    @Test
    void aUserWithoutAPasswordGetsAnEmptyPassword() {
        assertThat(DatabaseUrlEnvironment.toSpring("postgres://reader@db.example/app"))
                .containsEntry("spring.datasource.username", "reader")
                .containsEntry("spring.datasource.password", "");
    }

    @Test
    void keepsAPlusSignInThePasswordLiteral() {
        assertThat(DatabaseUrlEnvironment.toSpring("postgres://user:a+b%2Bc%3Ad@db.example/app"))
                .containsEntry("spring.datasource.password", "a+b+c:d");
    }

    @Test
    void keepsAnIpv6HostInBrackets() {
        assertThat(DatabaseUrlEnvironment.toSpring("postgres://user:pw@[::1]:5433/app"))
                .containsEntry("spring.datasource.url", "jdbc:postgresql://[::1]:5433/app");
    }

    @Test
    void passesAJdbcUrlThroughUnchanged() {
        String jdbc = "jdbc:postgresql://db.example:5432/app?user=u&password=p";

        assertThat(DatabaseUrlEnvironment.toSpring(jdbc)).containsOnly(entry("spring.datasource.url", jdbc));
    }

    @Test
    void refusesAnotherScheme() {
        assertThatThrownBy(() -> DatabaseUrlEnvironment.toSpring("mysql://user:pw@db.example:3306/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DATABASE_URL");
    }

    @Test
    void refusesAUrlWithoutAHost() {
        assertThatThrownBy(() -> DatabaseUrlEnvironment.toSpring("postgres:///app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }

    @Test
    void overridesTheDatasourceSettingsOnlyWhenDatabaseUrlIsSet() {
        StandardEnvironment withUrl = environment(Map.of("DATABASE_URL", "postgres://u:pw@db.example:6543/app",
                "spring.datasource.url", "jdbc:postgresql://localhost/other"));
        StandardEnvironment withoutUrl = environment(Map.of("spring.datasource.url", "jdbc:postgresql://localhost/other"));

        new DatabaseUrlEnvironment().postProcessEnvironment(withUrl, null);
        new DatabaseUrlEnvironment().postProcessEnvironment(withoutUrl, null);

        assertThat(withUrl.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.example:6543/app");
        assertThat(withUrl.getProperty("spring.datasource.username")).isEqualTo("u");
        assertThat(withUrl.getProperty("spring.datasource.password")).isEqualTo("pw");
        assertThat(withoutUrl.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://localhost/other");
        assertThat(withoutUrl.getProperty("spring.datasource.username")).isNull();
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
