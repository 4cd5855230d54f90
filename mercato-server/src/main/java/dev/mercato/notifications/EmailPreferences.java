package dev.mercato.notifications;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Which optional categories of email each user receives; transactional email cannot be turned off. */
@Service
public class EmailPreferences {

    private final EmailOptOuts optOuts;
    private final Clock clock;
    private final AuditLog audit;

    EmailPreferences(EmailOptOuts optOuts, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.optOuts = optOuts;
        this.clock = clock;
    }

    /** The categories the user receives, of those that concern users. */
    public Set<EmailCategory> enabled(String userId) {
        Set<EmailCategory> enabled = EnumSet.of(EmailCategory.TRANSACTIONAL, EmailCategory.SALES);
        optOuts.of(userId).forEach(enabled::remove);
        return enabled;
    }

    @Transactional
    public void set(String userId, EmailCategory category, boolean enabled) {
        if (!category.optional()) {
            throw ApiException.invalid("category_not_optional",
                    category.code() + " email cannot be turned off: receipts, refunds and payout notices are always sent");
        }
        audit.changing("email_preferences", userId, () -> Map.of("enabled", enabled(userId)), () -> {
            if (enabled) {
                optOuts.optIn(userId, category);
            } else {
                optOuts.optOut(userId, category, clock.instant());
            }
            return null;
        });
    }
}
