package dev.mercato.identity;

import java.time.Instant;
import java.util.Map;

/** A person or organisation on the platform; the same user can buy and sell. */
public record User(String id, String email, String name, Role role, Map<String, String> metadata, Instant createdAt) {

    public enum Role {
        USER, ADMIN;

        public String code() {
            return name().toLowerCase();
        }

        public static Role of(String code) {
            return valueOf(code.toUpperCase());
        }
    }
}
