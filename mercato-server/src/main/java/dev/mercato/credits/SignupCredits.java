package dev.mercato.credits;

import dev.mercato.identity.UserCreated;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Gives every new user the signup credits. A redelivered {@link UserCreated} finds the signup lot
 * already granted and grants nothing (the lot is unique per user and key {@code signup}).
 * Admins get none: they operate the platform, they do not use it.
 */
@Component
class SignupCredits {

    private final Credits credits;

    SignupCredits(Credits credits) {
        this.credits = credits;
    }

    @ApplicationModuleListener
    void on(UserCreated created) {
        if (!"admin".equals(created.role())) {
            credits.grantSignup(created.userId());
        }
    }
}
