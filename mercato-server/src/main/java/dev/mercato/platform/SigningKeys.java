package dev.mercato.platform;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Secrets Mercato makes for itself, by name: 256 random bits created on first use and stored in
 * PostgreSQL, so every instance signs and verifies with the same key, across restarts.
 */
@Component
public class SigningKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    SigningKeys(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public byte[] key(String name) {
        return cache.computeIfAbsent(name, this::loadOrCreate).clone();
    }

    private byte[] loadOrCreate(String name) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        jdbc.sql("INSERT INTO signing_keys (name, secret, created_at) VALUES (:name, :secret, :at) ON CONFLICT DO NOTHING")
                .param("name", name).param("secret", fresh).param("at", Timestamp.from(clock.instant())).update();
        return jdbc.sql("SELECT secret FROM signing_keys WHERE name = :name").param("name", name)
                .query(byte[].class).single();
    }
}
