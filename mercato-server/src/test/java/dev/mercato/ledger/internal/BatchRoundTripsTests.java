package dev.mercato.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.Account;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Balance;
import dev.mercato.ledger.CaptureRequest;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Hold;
import dev.mercato.ledger.HoldRequest;
import dev.mercato.ledger.HoldStatus;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.ledger.core.Command;
import dev.mercato.ledger.core.Outcome;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A batch reads its stored requests and its due holds in one statement and writes its
 * transactions, postings, holds, balances and stored requests in another; these tests mix every
 * kind of work into one batch so each part of both statements is exercised together.
 */
class BatchRoundTripsTests extends IntegrationTest {

    @Autowired
    LedgerEngine engine;
    @Autowired
    Ledger ledger;
    @Autowired
    Accounts accounts;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    MercatoClock clock;

    @Test
    void oneBatchReplaysAKeyExpiresDueHoldsFirstAndWritesEveryKindOfRow() {
        Account world = accounts.openOrGet(NewAccount.of(AccountOwner.system("world"), "funding", "USD").allowingNegative());
        Account buyer = wallet();
        Account seller = wallet();
        String fundingKey = key();
        Transaction funded = ledger.post(TransactionRequest.of(fundingKey, "deposit",
                Entry.debit(world.id(), 1_000, "USD"), Entry.credit(buyer.id(), 1_000, "USD")));
        Instant expiresAt = clock.instant().plus(Duration.ofMinutes(5));
        Hold first = ledger.placeHold(new HoldRequest(key(), buyer.id(), seller.id(), 600, "USD", expiresAt, null, Map.of()));
        Hold second = ledger.placeHold(new HoldRequest(key(), buyer.id(), seller.id(), 400, "USD", expiresAt, null, Map.of()));
        clock.advance(Duration.ofMinutes(5));

        Command replay = new Command.Post(TransactionRequest.of(fundingKey, "deposit",
                Entry.debit(world.id(), 1_000, "USD"), Entry.credit(buyer.id(), 1_000, "USD")));
        Command spend = new Command.Post(TransactionRequest.of(key(), "transfer",
                Entry.debit(buyer.id(), 900, "USD"), Entry.credit(seller.id(), 900, "USD")));
        Command hold = new Command.PlaceHold(new HoldRequest(key(), buyer.id(), seller.id(), 100, "USD",
                clock.instant().plus(Duration.ofHours(1)), null, Map.of()));
        List<Outcome> outcomes = transactions.execute(status -> engine.executeAlone(List.of(replay, spend, hold), 0));

        assertThat(outcomes).noneMatch(Outcome::failed);
        assertThat(((Transaction) outcomes.get(0).result()).id()).isEqualTo(funded.id());
        Transaction spent = (Transaction) outcomes.get(1).result();
        assertThat(ledger.findTransaction(spent.id())).contains(spent);
        Hold placed = (Hold) outcomes.get(2).result();
        assertThat(List.of(first, second)).allSatisfy(h -> assertThat(ledger.findHold(h.id()).orElseThrow())
                .extracting(Hold::status, Hold::resolvedAt).containsExactly(HoldStatus.EXPIRED, expiresAt));
        assertThat(accounts.balance(buyer.id())).extracting(Balance::posted, Balance::pendingDebits).containsExactly(100L, 100L);

        Transaction captured = ledger.capture(placed.id(), new CaptureRequest(key(), null));
        assertThat(ledger.findHold(placed.id()).orElseThrow())
                .extracting(Hold::status, Hold::captureTransaction).containsExactly(HoldStatus.CAPTURED, captured.id());
        assertThat(accounts.balance(seller.id()).posted()).isEqualTo(1_000);
    }

    private Account wallet() {
        return accounts.open(NewAccount.of(AccountOwner.user("usr_" + UUID.randomUUID()), "wallet", "USD"));
    }

    private static String key() {
        return "test:" + UUID.randomUUID();
    }
}
