package dev.mercato.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.Account;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.ledger.core.Command;
import dev.mercato.ledger.core.Outcome;
import dev.mercato.testing.IntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The group committer's transactions plan the batch's reads generically; a caller's own
 * transaction keeps PostgreSQL's choice, and the setting ends with the batch's transaction.
 */
class GenericPlansTests extends IntegrationTest {

    @Autowired
    LedgerEngine engine;
    @Autowired
    Accounts accounts;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aBatchInItsOwnTransactionRunsOnGenericPlansAndOnlyThere() {
        Account world = accounts.openOrGet(NewAccount.of(AccountOwner.system("world"), "funding", "USD").allowingNegative());
        Account wallet = accounts.open(NewAccount.of(AccountOwner.user("usr_" + UUID.randomUUID()), "wallet", "USD"));

        String alone = transactions.execute(status -> {
            List<Outcome> outcomes = engine.executeAlone(List.of(deposit(world, wallet)), 0);
            assertThat(outcomes.getFirst().failed()).isFalse();
            return planCacheMode();
        });
        String callers = transactions.execute(status -> {
            List<Outcome> outcomes = engine.execute(List.of(deposit(world, wallet)), 0);
            assertThat(outcomes.getFirst().failed()).isFalse();
            return planCacheMode();
        });
        String afterwards = transactions.execute(status -> planCacheMode());

        assertThat(alone).isEqualTo("force_generic_plan");
        assertThat(callers).isEqualTo("auto");
        assertThat(afterwards).isEqualTo("auto");
        assertThat(accounts.balance(wallet.id()).posted()).isEqualTo(200);
    }

    private String planCacheMode() {
        return jdbc.queryForObject("SELECT current_setting('plan_cache_mode')", String.class);
    }

    private static Command deposit(Account from, Account to) {
        return new Command.Post(TransactionRequest.of("test:" + UUID.randomUUID(), "deposit",
                Entry.debit(from.id(), 100, "USD"), Entry.credit(to.id(), 100, "USD")));
    }
}
