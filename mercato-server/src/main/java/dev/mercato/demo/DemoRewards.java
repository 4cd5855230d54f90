package dev.mercato.demo;

import dev.mercato.identity.User;
import dev.mercato.rewards.AwardRequest;
import dev.mercato.rewards.Rewards;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Demo reward tokens: profile awards for the reviews' instructor (a provider) and buyers (seekers),
 * a completed engagement and a post. The reviews they wrote earn their rating awards on their own
 * (ReviewApproved). Idempotent: each award's source is fixed, so a restart awards nothing twice.
 */
@Component
@Order(12)
@ConditionalOnProperty(name = "mercato.demo", havingValue = "true")
class DemoRewards implements ApplicationRunner {

    private final DemoUsers demoUsers;
    private final Rewards rewards;

    DemoRewards(DemoUsers demoUsers, Rewards rewards) {
        this.demoUsers = demoUsers;
        this.rewards = rewards;
    }

    @Override
    public void run(ApplicationArguments args) {
        demoUsers.refuseInProduction();
        User cleo = demoUsers.user("cleo@demo.mercato.dev", "Cleo (instructor)");
        rewards.award(new AwardRequest("profile_created", cleo.id(), "demo:profile", true, null, null));
        rewards.award(new AwardRequest("engagement_completed", cleo.id(), "demo:engagement-1", true, 250_00L, null));
        for (String buyer : new String[] {"dee", "eli", "fay", "gus"}) {
            User user = demoUsers.user(buyer + "@demo.mercato.dev",
                    buyer.substring(0, 1).toUpperCase() + buyer.substring(1) + " (buyer)");
            rewards.award(new AwardRequest("profile_created", user.id(), "demo:profile", false, null, null));
        }
        User dee = demoUsers.user("dee@demo.mercato.dev", "Dee (buyer)");
        rewards.award(new AwardRequest("content_created", dee.id(), "demo:post-1", false, null, 120L));
    }
}
