package dev.mercato.identity;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.HeaderText;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and finds users. */
@Service
public class UserManagement {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");

    private final Users users;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;

    UserManagement(Users users, Clock clock, ApplicationEventPublisher events, AuditLog audit) {
        this.audit = audit;
        this.users = users;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public User create(String email, String name, User.Role role, Map<String, String> metadata) {
        // Both go into the headers of the emails this user receives.
        HeaderText.require(email, "email");
        HeaderText.require(name, "name");
        if (email != null) {
            if (!EMAIL.matcher(email).matches()) {
                throw ApiException.invalid("invalid_email", "email is not a valid address");
            }
            if (users.findByEmail(email).isPresent()) {
                throw new ApiException(409, "email_taken", "a user with this email already exists");
            }
        }
        if (name != null && name.length() > 200) {
            throw ApiException.invalid("invalid_name", "name is longer than 200 characters");
        }
        User user = new User(Ids.next("usr", clock), email, name, role, metadata == null ? Map.of() : Map.copyOf(metadata),
                clock.instant());
        users.insert(user);
        audit.changed("user", user.id(), null, user);
        events.publishEvent(new UserCreated(user.id(), role.code(), user.createdAt()));
        return user;
    }

    public Optional<User> findByEmail(String email) {
        return users.findByEmail(email);
    }

    public Optional<User> platformAdmin() {
        return users.firstAdmin();
    }

    public Optional<User> find(String id) {
        return Ids.hasPrefix(id, "usr") ? users.find(id) : Optional.empty();
    }
}
