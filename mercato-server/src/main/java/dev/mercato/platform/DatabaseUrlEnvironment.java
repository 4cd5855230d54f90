package dev.mercato.platform;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads {@code DATABASE_URL} the way hosting platforms give it ({@code postgres://user:pass@host:port/db})
 * or as a JDBC URL, and turns it into Spring's datasource settings; passes {@code REDIS_URL} on as
 * {@code mercato.redis-url}.
 */
public class DatabaseUrlEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> settings = new HashMap<>();
        String url = environment.getProperty("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            settings.putAll(toSpring(url));
        }
        String redis = environment.getProperty("REDIS_URL");
        if (redis != null && !redis.isBlank()) {
            settings.put("mercato.redis-url", redis);
        }
        if (!settings.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("service-urls", settings));
        }
    }

    static Map<String, String> toSpring(String url) {
        if (url.startsWith("jdbc:")) {
            return Map.of("spring.datasource.url", url);
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new IllegalArgumentException("DATABASE_URL must be postgres://user:pass@host:port/db or a jdbc:postgresql:// URL");
        }
        URI uri = URI.create(url);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL names no host: postgres://user:pass@host:port/db");
        }
        String port = uri.getPort() < 0 ? "5432" : String.valueOf(uri.getPort());
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        Map<String, String> settings = new HashMap<>();
        settings.put("spring.datasource.url", "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query);
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            settings.put("spring.datasource.username", decode(parts[0]));
            settings.put("spring.datasource.password", parts.length > 1 ? decode(parts[1]) : "");
        }
        return settings;
    }

    /** Percent-decoding as in a URI: unlike form encoding, '+' stands for itself. */
    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
