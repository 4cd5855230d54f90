package dev.mercato.notifications.web;

import dev.mercato.notifications.EmailCategory;
import dev.mercato.notifications.EmailPreferences;
import dev.mercato.platform.Caller;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A user turns optional email (new-sale notices) on and off; transactional email always reads true. */
@RestController
class EmailPreferencesController {

    private final EmailPreferences preferences;

    EmailPreferencesController(EmailPreferences preferences) {
        this.preferences = preferences;
    }

    record PreferencesView(String object, String userId, boolean transactional, boolean sales) {
        static PreferencesView of(String userId, Set<EmailCategory> enabled) {
            return new PreferencesView("email_preferences", userId, enabled.contains(EmailCategory.TRANSACTIONAL),
                    enabled.contains(EmailCategory.SALES));
        }
    }

    /** Fields left out keep their value. */
    record UpdatePreferences(Boolean transactional, Boolean sales) {
    }

    @GetMapping("/v1/users/me/email-preferences")
    PreferencesView get(Caller caller) {
        return PreferencesView.of(caller.userId(), preferences.enabled(caller.userId()));
    }

    @PutMapping("/v1/users/me/email-preferences")
    PreferencesView update(Caller caller, @RequestBody UpdatePreferences body) {
        if (body.transactional() != null && !body.transactional()) {
            preferences.set(caller.userId(), EmailCategory.TRANSACTIONAL, false);
        }
        if (body.sales() != null) {
            preferences.set(caller.userId(), EmailCategory.SALES, body.sales());
        }
        return get(caller);
    }
}
