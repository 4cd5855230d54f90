package dev.mercato.demo;

import dev.mercato.identity.ApiKeyManagement;
import dev.mercato.identity.IssuedApiKey;
import dev.mercato.identity.User;
import dev.mercato.identity.UserManagement;
import dev.mercato.ledger.Account;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Hold;
import dev.mercato.ledger.HoldRequest;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.orders.MarketplaceAccounts;
import dev.mercato.rewards.AwardRequest;
import dev.mercato.rewards.Rewards;
import java.util.List;
import java.util.Map;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Loads demo data and prints a fresh admin key with curl commands to try. Every step is
 * idempotent (fixed emails, account owners and ledger keys), so restarting with --demo adds
 * nothing twice. Refuses to run in production.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "mercato.demo", havingValue = "true")
class DemoData implements ApplicationRunner {

    private final UserManagement users;
    private final ApiKeyManagement apiKeys;
    private final Accounts accounts;
    private final Ledger ledger;
    private final DemoUsers demoUsers;
    private final Rewards rewards;
    private final Environment environment;

    DemoData(UserManagement users, ApiKeyManagement apiKeys, Accounts accounts, Ledger ledger,
            DemoUsers demoUsers, Rewards rewards, Environment environment) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.accounts = accounts;
        this.ledger = ledger;
        this.demoUsers = demoUsers;
        this.rewards = rewards;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        demoUsers.refuseInProduction();
        User ada = demoUsers.user("ada@demo.mercato.dev", "Ada (buyer)");
        User bo = demoUsers.user("bo@demo.mercato.dev", "Bo (seller)");
        Account world = accounts.openOrGet(MarketplaceAccounts.clearing("USD"));
        Account wallet = accounts.openOrGet(NewAccount.of(AccountOwner.user(ada.id()), "wallet", "USD"));
        Account earnings = accounts.openOrGet(MarketplaceAccounts.sellerPending(bo.id(), "USD"));
        Account revenue = accounts.openOrGet(MarketplaceAccounts.platformRevenue("USD"));

        ledger.post(TransactionRequest.of("demo:deposit:ada", "deposit",
                Entry.debit(world.id(), 50_00, "USD"), Entry.credit(wallet.id(), 50_00, "USD")));
        Transaction sale = ledger.post(new TransactionRequest("demo:sale:1", "order.capture",
                List.of(Entry.debit(wallet.id(), 19_99, "USD"), Entry.credit(earnings.id(), 13_99, "USD"),
                        Entry.credit(revenue.id(), 6_00, "USD")),
                null, "ord_demo_1", Map.of("course", "Intro to double-entry")));
        rewards.award(new AwardRequest("profile_created", ada.id(), "demo:profile", false, null, null));
        Hold hold = ledger.placeHold(new HoldRequest("demo:hold:ada", wallet.id(), earnings.id(), 10_00, "USD", null,
                "ord_demo_2", Map.of()));

        User admin = users.platformAdmin().orElseThrow();
        IssuedApiKey key = apiKeys.issue(admin.id(), "demo");
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
        System.out.println("""

                ==========================================================================
                 Mercato demo data is loaded. A new admin API key (shown only now):

                   export MERCATO_KEY=%1$s

                 Try:
                   curl -s %2$s/v1/ledger/accounts/%3$s -H "Authorization: Bearer $MERCATO_KEY"
                   curl -s %2$s/v1/ledger/accounts/%3$s/statement -H "Authorization: Bearer $MERCATO_KEY"
                   curl -s %2$s/v1/ledger/transactions/%4$s -H "Authorization: Bearer $MERCATO_KEY"
                   curl -s -X POST %2$s/v1/ledger/holds/%5$s/capture -H "Authorization: Bearer $MERCATO_KEY" \\
                        -H "Idempotency-Key: demo-capture-1" -H "Content-Type: application/json" -d '{"amount": 800}'
                   curl -s %2$s/v1/ledger/verify -H "Authorization: Bearer $MERCATO_KEY"
                   curl -s %2$s/v1/users/me -H "Authorization: Bearer $MERCATO_KEY" -H "Mercato-On-Behalf-Of: %6$s"
                   curl -s -X POST %2$s/v1/admin/flags -H "Authorization: Bearer $MERCATO_KEY" -H "Content-Type: application/json" \\
                        -d '{"key": "new_checkout", "type": "boolean", "rollout": [{"variant": "on", "percentage": 50}]}'
                   curl -s %2$s/v1/flags -H "Authorization: Bearer $MERCATO_KEY" -H "Mercato-On-Behalf-Of: %6$s"

                 API reference: %2$s/swagger-ui.html   Health: %2$s/actuator/health
                ==========================================================================
                """.formatted(key.secret(), base, wallet.id(), sale.id(), hold.id(), ada.id()));
    }
}
