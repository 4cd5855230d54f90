package dev.mercato.demo;

import dev.mercato.identity.User;
import dev.mercato.platform.Caller;
import dev.mercato.rewards.AwardRequest;
import dev.mercato.rewards.Leaderboards;
import dev.mercato.rewards.RedemptionRequest;
import dev.mercato.rewards.Redemptions;
import dev.mercato.rewards.Rewards;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Demo reward tokens: profile awards for the reviews' instructor (a provider) and buyers (seekers),
 * a completed engagement and a post. The reviews they wrote earn their rating awards on their own
 * (ReviewApproved). Dee and Eli are friends and Cleo's class groups Dee, Eli and Fay, for the leaderboards.
 * Dee's daily-login tokens expire in 30 days (a lot with an expiry) and Dee redeems 20 tokens for
 * credits; Cleo redeems tokens for a week of advanced analytics and for a voucher code.
 * Idempotent: each award's source is fixed, the class made once and the redemptions made only when
 * the user has none, so a restart adds nothing.
 */
@Component
@Order(12)
@ConditionalOnProperty(name = "mercato.demo", havingValue = "true")
class DemoRewards implements ApplicationRunner {

    private final DemoUsers demoUsers;
    private final Rewards rewards;
    private final Leaderboards leaderboards;
    private final Redemptions redemptions;
    private final Clock clock;

    DemoRewards(DemoUsers demoUsers, Rewards rewards, Leaderboards leaderboards, Redemptions redemptions, Clock clock) {
        this.demoUsers = demoUsers;
        this.rewards = rewards;
        this.leaderboards = leaderboards;
        this.redemptions = redemptions;
        this.clock = clock;
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
        rewards.award(new AwardRequest("daily_login", dee.id(), "demo:login", false, null, null,
                clock.instant().plus(Duration.ofDays(30))));
        if (redemptions.history(dee.id(), null, 1).isEmpty()) {
            redemptions.redeem(dee.id(), new RedemptionRequest("credits", 20L, null, null));
        }
        if (redemptions.history(cleo.id(), null, 1).isEmpty()) {
            redemptions.redeem(cleo.id(), new RedemptionRequest("feature", null, "advanced_analytics", 7));
            redemptions.redeem(cleo.id(), new RedemptionRequest("voucher", null, null, null));
        }

        // friends and a class for the leaderboards: Dee and Eli are friends; Cleo's class has Dee, Eli and Fay
        User eli = demoUsers.user("eli@demo.mercato.dev", "Eli (buyer)");
        User fay = demoUsers.user("fay@demo.mercato.dev", "Fay (buyer)");
        leaderboards.befriend(dee.id(), eli.id());
        leaderboards.befriend(eli.id(), dee.id());
        if (leaderboards.groupsOf(cleo.id()).isEmpty()) {
            String group = leaderboards.createGroup(cleo.id(), "Cleo's demo class").id();
            Caller owner = new Caller(cleo.id(), false, cleo.id(), null, "user");
            for (User member : List.of(dee, eli, fay)) {
                leaderboards.addMember(owner, group, member.id());
            }
        }
    }
}
