package dev.mercato.demo;

import dev.mercato.identity.User;
import dev.mercato.identity.UserManagement;
import dev.mercato.platform.MercatoProperties;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * What every demo runner starts with: the refusal to touch a production database, and demo users
 * found by their fixed email or created once.
 */
@Component
@ConditionalOnProperty(name = "mercato.demo", havingValue = "true")
class DemoUsers {

    private final UserManagement users;
    private final MercatoProperties properties;

    DemoUsers(UserManagement users, MercatoProperties properties) {
        this.users = users;
        this.properties = properties;
    }

    void refuseInProduction() {
        if (properties.production()) {
            throw new IllegalStateException("demo data is never loaded in production (mercato.production=true)");
        }
    }

    /** The demo user with this email, created the first time. */
    User user(String email, String name) {
        return users.findByEmail(email).orElseGet(() -> users.create(email, name, User.Role.USER, Map.of("demo", "true")));
    }
}
