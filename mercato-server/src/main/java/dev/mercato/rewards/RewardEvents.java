package dev.mercato.rewards;

import dev.mercato.platform.ApiException;
import dev.mercato.reviews.ReviewApproved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Earning rules that react to other modules' events. The award's source is the event's object, so a
 * redelivered event awards nothing twice; a rule that is off, capped or cooling down for the user
 * simply pays nothing for that event.
 */
@Component
class RewardEvents {

    private static final Logger log = LoggerFactory.getLogger(RewardEvents.class);

    private final Rewards rewards;

    RewardEvents(Rewards rewards) {
        this.rewards = rewards;
    }

    /** Giving a rating earns {@code rating_given}; a 5-star rating earns the seller {@code rating_received_5_star}. */
    @ApplicationModuleListener
    void on(ReviewApproved approved) {
        String source = "review:" + approved.reviewId();
        award(new AwardRequest("rating_given", approved.authorId(), source, false, null, null));
        if (approved.stars() == 5) {
            award(new AwardRequest("rating_received_5_star", approved.sellerId(), source, true, null, null));
        }
    }

    private void award(AwardRequest request) {
        try {
            rewards.award(request);
        } catch (ApiException refused) {
            log.debug("rule {} paid {} nothing for {}: {}", request.ruleId(), request.userId(), request.source(),
                    refused.getMessage());
        }
    }
}
