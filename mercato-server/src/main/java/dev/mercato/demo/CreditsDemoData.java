package dev.mercato.demo;

import dev.mercato.credits.CreditPurchases;
import dev.mercato.credits.Credits;
import dev.mercato.identity.User;
import dev.mercato.identity.UserManagement;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Credits for the demo users, after the other runners created them: each has its signup credits
 * (granted here too, in case the signup event has not been handled yet) and a paid top-up of 500
 * credits. Both are idempotent — the signup lot once per user, the top-up under a fixed key — so a
 * restart adds nothing.
 */
@Component
@Order(30)
@ConditionalOnProperty(name = "mercato.demo", havingValue = "true")
class CreditsDemoData implements ApplicationRunner {

    private static final List<String> USERS = List.of("ada", "bo", "cy", "cleo", "dee");

    private final UserManagement users;
    private final Credits credits;
    private final CreditPurchases purchases;
    private final Environment environment;

    CreditsDemoData(UserManagement users, Credits credits, CreditPurchases purchases, Environment environment) {
        this.users = users;
        this.credits = credits;
        this.purchases = purchases;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (String name : USERS) {
            Optional<User> user = users.findByEmail(name + "@demo.mercato.dev");
            user.ifPresent(u -> {
                credits.grantSignup(u.id());
                purchases.topUp(u.id(), 500, "USD", "tok_visa", "demo-top-up");
            });
        }
        User ada = users.findByEmail("ada@demo.mercato.dev").orElseThrow();
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
        System.out.printf("""
                 Credits (Ada has her 50 signup credits and 500 bought ones):
                   curl -s %1$s/v1/credits/balance -H "Authorization: Bearer $MERCATO_KEY" -H "Mercato-On-Behalf-Of: %2$s"
                   curl -s %1$s/v1/credits/history -H "Authorization: Bearer $MERCATO_KEY" -H "Mercato-On-Behalf-Of: %2$s"
                   curl -s -X POST %1$s/v1/credits/grants -H "Authorization: Bearer $MERCATO_KEY" -H "Content-Type: application/json" \\
                        -d '{"user_id": "%2$s", "units": 100, "reason": "demo promotion", "expires_at": "2030-01-01T00:00:00Z"}'
                   curl -s -X POST %1$s/v1/credits/top-ups -H "Authorization: Bearer $MERCATO_KEY" -H "Mercato-On-Behalf-Of: %2$s" \\
                        -H "Content-Type: application/json" -d '{"units": 200, "currency": "USD", "payment_method": "tok_visa"}'
                %n""", base, ada.id());
    }
}
