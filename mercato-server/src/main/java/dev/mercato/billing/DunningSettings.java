package dev.mercato.billing;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Dunning's configuration: the days after a period's first failed payment on which the stored card
 * is tried again ({@code mercato.billing.dunning.retry-days}, default 1, 3, 7), what happens after
 * the last retry failed ({@code mercato.billing.dunning.final-action}: {@code cancel} or {@code free}),
 * and the past-due grace period, before whose end the final action never happens.
 */
@Component
class DunningSettings {

    private final List<Integer> retryDays;
    private final String finalAction;
    private final Duration grace;

    DunningSettings(@Value("${mercato.billing.dunning.retry-days:1,3,7}") List<Integer> retryDays,
            @Value("${mercato.billing.dunning.final-action:cancel}") String finalAction,
            @Value("${mercato.billing.past-due-grace:P7D}") Duration grace) {
        for (int i = 0; i < retryDays.size(); i++) {
            if (retryDays.get(i) < 0 || (i > 0 && retryDays.get(i) <= retryDays.get(i - 1))) {
                throw new IllegalStateException("mercato.billing.dunning.retry-days must be increasing days >= 0, not "
                        + retryDays);
            }
        }
        String action = finalAction.trim().toLowerCase(Locale.ROOT);
        if (!action.equals("cancel") && !action.equals("free")) {
            throw new IllegalStateException("mercato.billing.dunning.final-action is cancel or free, not " + finalAction);
        }
        this.retryDays = List.copyOf(retryDays);
        this.finalAction = action;
        this.grace = grace;
    }

    List<Integer> retryDays() {
        return retryDays;
    }

    /** {@code cancel} or {@code free}. */
    String finalAction() {
        return finalAction;
    }

    Duration grace() {
        return grace;
    }
}
