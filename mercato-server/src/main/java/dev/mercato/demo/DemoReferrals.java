package dev.mercato.demo;

import dev.mercato.identity.User;
import dev.mercato.referrals.Referrals;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Demo referrals: Dee's code is claimed by Hal, a new user, from his own address and phone (it
 * qualifies as a verified signup and vests), and by Ivy from Dee's own address (rejected as
 * {@code same_ip}). Idempotent: a referred user keeps their first claim, so a restart adds nothing.
 */
@Component
@Order(13)
@ConditionalOnProperty(name = "mercato.demo", havingValue = "true")
class DemoReferrals implements ApplicationRunner {

    private final DemoUsers demoUsers;
    private final Referrals referrals;

    DemoReferrals(DemoUsers demoUsers, Referrals referrals) {
        this.demoUsers = demoUsers;
        this.referrals = referrals;
    }

    @Override
    public void run(ApplicationArguments args) {
        demoUsers.refuseInProduction();
        User dee = demoUsers.user("dee@demo.mercato.dev", "Dee (buyer)");
        String code = referrals.code(dee.id());
        referrals.seen(dee.id(), "198.51.100.7", "demo-dee-laptop");
        User hal = demoUsers.user("hal@demo.mercato.dev", "Hal (referred by Dee)");
        User ivy = demoUsers.user("ivy@demo.mercato.dev", "Ivy (same network as Dee)");
        if (referrals.referralOf(hal.id()).isEmpty()) {
            referrals.claim(hal.id(), code, "203.0.113.21", "demo-hal-phone");
        }
        if (referrals.referralOf(ivy.id()).isEmpty()) {
            referrals.claim(ivy.id(), code, "198.51.100.7", "demo-ivy-phone");
        }
    }
}
