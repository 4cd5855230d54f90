package dev.mercato.notifications;

import dev.mercato.platform.ApiException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Which optional categories of email each user receives; transactional email cannot be turned off. */
@Service
public class EmailPreferences {

    private final EmailOptOuts optOuts;
    private final Clock clock;

    EmailPreferences(EmailOptOuts optOuts, Clock clock) {
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
        if (enabled) {
            optOuts.optIn(userId, category);
        } else {
            optOuts.optOut(userId, category, clock.instant());
        }
    }
}
