package dev.mercato.demo;

import dev.mercato.campaigns.Campaign;
import dev.mercato.campaigns.CampaignFunding;
import dev.mercato.campaigns.CampaignManagement;
import dev.mercato.campaigns.CampaignStatus;
import dev.mercato.campaigns.NewCampaign;
import dev.mercato.campaigns.ScreeningQuestion;
import dev.mercato.identity.User;
import dev.mercato.platform.Caller;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A funded demo campaign: Hal (a buyer) asks 20 people how they budget, at $5.00 a response, paid
 * into the campaign's escrow with the simulated processor's {@code tok_visa}. Nothing is submitted
 * at startup — scoring a response needs the verification engine — so the printed commands let a
 * responder (Ada) accept a task and submit. Idempotent: the campaign is made once per buyer.
 */
@Component
@Order(31)
@ConditionalOnProperty(name = "mercato.demo", havingValue = "true")
class DemoCampaign implements ApplicationRunner {

    static final String TITLE = "How do you budget?";

    private final DemoUsers demoUsers;
    private final CampaignManagement campaigns;
    private final CampaignFunding funding;
    private final Environment environment;
    private final Clock clock;

    DemoCampaign(DemoUsers demoUsers, CampaignManagement campaigns, CampaignFunding funding, Environment environment,
            Clock clock) {
        this.demoUsers = demoUsers;
        this.campaigns = campaigns;
        this.funding = funding;
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        demoUsers.refuseInProduction();
        User hal = demoUsers.user("hal@demo.mercato.dev", "Hal (campaign buyer)");
        User ada = demoUsers.user("ada@demo.mercato.dev", "Ada");
        Caller buyer = new Caller(hal.id(), false, hal.id(), null, "user");
        Campaign campaign = campaigns.list(hal.id(), null, null, 100).stream().filter(c -> c.title().equals(TITLE))
                .findFirst().orElseGet(() -> campaigns.create(hal.id(), new NewCampaign(TITLE,
                        List.of("Which budgeting tool or method do you use, and why that one?",
                                "What changed in your spending since you started?"),
                        "Describe your own experience with concrete examples; at least 80 words.", 500L, "USD", 20,
                        clock.instant().plus(Duration.ofDays(30)), 80,
                        List.of(new ScreeningQuestion("Have you kept a budget for a month or more?", "yes")), null, null, 7,
                        30)));
        if (campaign.status() == CampaignStatus.DRAFT) {
            funding.fund(campaign.id(), buyer, "tok_visa", null, null, "demo-campaign-funding", null);
        }
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
        System.out.printf("""
                 Campaigns (Hal funded "%3$s": 20 responses at 5.00 USD, in escrow):
                   curl -s %1$s/v1/campaigns/%2$s -H "Authorization: Bearer $MERCATO_KEY"
                   curl -s -X POST %1$s/v1/campaigns/%2$s/tasks -H "Authorization: Bearer $MERCATO_KEY" -H "Mercato-On-Behalf-Of: %4$s" \\
                        -H "Content-Type: application/json" -d '{"screening_answers": ["yes"]}'
                   curl -s -X POST %1$s/v1/tasks/<tsk_ id>/submission -H "Authorization: Bearer $MERCATO_KEY" -H "Mercato-On-Behalf-Of: %4$s" \\
                        -H "Content-Type: application/json" -d '{"text": "…your answer…"}'
                   curl -s %1$s/v1/campaigns/%2$s/analytics -H "Authorization: Bearer $MERCATO_KEY"
                %n""", base, campaign.id(), TITLE, ada.id());
    }
}
