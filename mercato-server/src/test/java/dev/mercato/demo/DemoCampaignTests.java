package dev.mercato.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.campaigns.Campaign;
import dev.mercato.campaigns.CampaignManagement;
import dev.mercato.campaigns.CampaignStatus;
import dev.mercato.identity.UserManagement;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.LedgerVerification;
import dev.mercato.ledger.OwnerType;
import dev.mercato.testing.Instances;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code --demo} on an empty database of its own makes a funded campaign without scoring anything
 * (the verification engine is not needed at startup), and a restart adds nothing.
 */
class DemoCampaignTests {

    @Test
    void theDemoHasOneFundedCampaignWithItsBudgetInEscrow() {
        try (ConfigurableApplicationContext instance = Instances.start("--mercato.demo=true")) {
            UserManagement users = instance.getBean(UserManagement.class);
            String hal = users.findByEmail("hal@demo.mercato.dev").orElseThrow().id();
            CampaignManagement campaigns = instance.getBean(CampaignManagement.class);
            instance.getBean(DemoCampaign.class).run(null);

            List<Campaign> mine = campaigns.list(hal, null, null, 10);
            assertThat(mine).hasSize(1);
            Campaign campaign = mine.get(0);
            assertThat(campaign.status()).isEqualTo(CampaignStatus.OPEN);
            assertThat(campaign.funded()).isEqualTo(20);
            Accounts accounts = instance.getBean(Accounts.class);
            long escrow = accounts.find(new AccountOwner(OwnerType.SYSTEM, campaign.id()), "campaign.escrow", "USD")
                    .map(a -> accounts.balance(a.id()).posted()).orElseThrow();
            assertThat(escrow).isEqualTo(20 * 500);
            assertThat(instance.getBean(LedgerVerification.class).verify().violations()).isEmpty();
        }
    }
}
