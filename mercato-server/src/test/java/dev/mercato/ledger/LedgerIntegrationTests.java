package dev.mercato.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

class LedgerIntegrationTests extends IntegrationTest {

    @Autowired
    Ledger ledger;
    @Autowired
    Accounts accounts;
    @Autowired
    LedgerVerification verification;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MercatoClock clock;

    LedgerFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new LedgerFixtures(ledger, accounts);
    }

    @Test
    void postsABalancedTransactionAndKeepsBalancesInStep() {
        Account a = fixtures.funded("USD", 10_000);
        Account b = fixtures.userAccount("USD");

        Transaction t = fixtures.transfer(a, b, 2_500);

        assertThat(t.postings()).extracting(Posting::amount).containsExactly(-2_500L, 2_500L);
        assertThat(accounts.balance(a.id()).posted()).isEqualTo(7_500);
        assertThat(accounts.balance(b.id()).available()).isEqualTo(2_500);
        assertThat(ledger.findTransaction(t.id())).contains(t);
    }

    @Test
    void replaysTheOriginalResultForTheSameKeyAndRequest() {
        Account a = fixtures.funded("USD", 1_000);
        Account b = fixtures.userAccount("USD");
        TransactionRequest request = TransactionRequest.of(LedgerFixtures.key(), "transfer",
                Entry.debit(a.id(), 400, "USD"), Entry.credit(b.id(), 400, "USD"));

        Transaction first = ledger.post(request);
        Transaction again = ledger.post(request);

        assertThat(again).isEqualTo(first);
        assertThat(accounts.balance(b.id()).posted()).isEqualTo(400);
    }

    @Test
    void rejectsAReusedKeyWithADifferentRequest() {
        Account a = fixtures.funded("USD", 1_000);
        Account b = fixtures.userAccount("USD");
        String key = LedgerFixtures.key();
        ledger.post(TransactionRequest.of(key, "transfer", Entry.debit(a.id(), 100, "USD"), Entry.credit(b.id(), 100, "USD")));

        assertThatThrownBy(() -> ledger.post(TransactionRequest.of(key, "transfer",
                Entry.debit(a.id(), 200, "USD"), Entry.credit(b.id(), 200, "USD"))))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.error()).isEqualTo(LedgerError.IDEMPOTENCY_KEY_REUSED));
        assertThat(accounts.balance(b.id()).posted()).isEqualTo(100);
    }

    @Test
    void aRequestRefusedOnARuleStaysRefusedEvenAfterFundsArrive() {
        Account a = fixtures.userAccount("USD");
        Account b = fixtures.userAccount("USD");
        TransactionRequest request = TransactionRequest.of(LedgerFixtures.key(), "transfer",
                Entry.debit(a.id(), 500, "USD"), Entry.credit(b.id(), 500, "USD"));
        assertThatThrownBy(() -> ledger.post(request)).hasMessageContaining("available");

        fixtures.fund(a, 1_000);

        assertThatThrownBy(() -> ledger.post(request))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.INSUFFICIENT_FUNDS));
        assertThat(accounts.balance(b.id()).posted()).isZero();
    }

    @Test
    void refusesEveryMalformedTransactionAndChangesNothing() {
        Account a = fixtures.funded("USD", 1_000);
        Account b = fixtures.userAccount("USD");
        Account euro = fixtures.funded("EUR", 1_000);
        long before = count();

        expect(LedgerError.UNBALANCED_TRANSACTION, Entry.debit(a.id(), 100, "USD"), Entry.credit(b.id(), 90, "USD"));
        expect(LedgerError.UNBALANCED_TRANSACTION, Entry.debit(a.id(), 100, null), Entry.credit(euro.id(), 100, null));
        expect(LedgerError.ASSET_MISMATCH, Entry.debit(a.id(), 100, "USD"), Entry.credit(euro.id(), 100, "USD"));
        expect(LedgerError.INVALID_AMOUNT, Entry.debit(a.id(), 0, "USD"), Entry.credit(b.id(), 0, "USD"));
        expect(LedgerError.INVALID_AMOUNT, Entry.debit(a.id(), -5, "USD"), Entry.credit(b.id(), -5, "USD"));
        expect(LedgerError.AMOUNT_OVERFLOW, Entry.debit(a.id(), Long.MAX_VALUE, "USD"), Entry.debit(a.id(), Long.MAX_VALUE, "USD"),
                Entry.credit(b.id(), 1, "USD"));
        expect(LedgerError.TOO_FEW_ENTRIES, Entry.credit(b.id(), 100, "USD"));
        expect(LedgerError.ACCOUNT_NOT_FOUND, Entry.debit(a.id(), 100, "USD"),
                Entry.credit(new AccountId("acct_01ZZZZZZZZZZZZZZZZZZZZZZZZ"), 100, "USD"));
        expect(LedgerError.INSUFFICIENT_FUNDS, Entry.debit(a.id(), 1_001, "USD"), Entry.credit(b.id(), 1_001, "USD"));

        assertThat(count()).isEqualTo(before);
        assertThat(accounts.balance(a.id()).posted()).isEqualTo(1_000);
        assertThat(accounts.balance(b.id()).posted()).isZero();
    }

    @Test
    void refusesABalanceThatWouldOverflow() {
        Account edge = accounts.open(NewAccount.of(AccountOwner.system("edge-" + System.nanoTime()), "funding", "USD")
                .allowingNegative());
        Account rich = fixtures.userAccount("USD");
        ledger.post(TransactionRequest.of(LedgerFixtures.key(), "deposit",
                Entry.debit(edge.id(), Long.MAX_VALUE - 10, "USD"), Entry.credit(rich.id(), Long.MAX_VALUE - 10, "USD")));

        assertThatThrownBy(() -> ledger.post(TransactionRequest.of(LedgerFixtures.key(), "deposit",
                Entry.debit(edge.id(), 11, "USD"), Entry.credit(rich.id(), 11, "USD"))))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.BALANCE_OVERFLOW));
        assertThat(accounts.balance(rich.id()).posted()).isEqualTo(Long.MAX_VALUE - 10);
        assertThat(accounts.balance(edge.id()).posted()).isEqualTo(-(Long.MAX_VALUE - 10));
    }

    @Test
    void holdsReserveFundsThenCapturePartlyAndReleaseTheRest() {
        Account buyer = fixtures.funded("USD", 1_000);
        Account seller = fixtures.userAccount("USD");
        Hold hold = ledger.placeHold(new HoldRequest(LedgerFixtures.key(), buyer.id(), seller.id(), 600, "USD", null, "ord_1", Map.of()));

        assertThat(accounts.balance(buyer.id())).extracting(Balance::posted, Balance::available, Balance::pendingDebits)
                .containsExactly(1_000L, 400L, 600L);
        assertThat(accounts.balance(seller.id()).pendingCredits()).isEqualTo(600);
        assertThatThrownBy(() -> fixtures.transfer(buyer, seller, 500)).hasMessageContaining("400 available");

        Transaction capture = ledger.capture(hold.id(), new CaptureRequest(LedgerFixtures.key(), 450L));

        assertThat(capture.holdId()).isEqualTo(hold.id());
        assertThat(accounts.balance(buyer.id())).extracting(Balance::posted, Balance::available, Balance::pendingDebits)
                .containsExactly(550L, 550L, 0L);
        assertThat(accounts.balance(seller.id())).extracting(Balance::posted, Balance::pendingCredits).containsExactly(450L, 0L);
        assertThat(ledger.findHold(hold.id()).orElseThrow())
                .extracting(Hold::status, Hold::capturedAmount).containsExactly(HoldStatus.CAPTURED, 450L);
    }

    @Test
    void aHoldResolvesOnlyOnce() {
        Account buyer = fixtures.funded("USD", 1_000);
        Account seller = fixtures.userAccount("USD");
        Hold hold = ledger.placeHold(new HoldRequest(LedgerFixtures.key(), buyer.id(), seller.id(), 300, "USD", null, null, Map.of()));
        ledger.voidHold(hold.id(), LedgerFixtures.key());

        assertThatThrownBy(() -> ledger.capture(hold.id(), new CaptureRequest(LedgerFixtures.key(), null)))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.HOLD_NOT_PENDING));
        assertThatThrownBy(() -> ledger.voidHold(hold.id(), LedgerFixtures.key()))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.HOLD_NOT_PENDING));
        assertThat(accounts.balance(buyer.id()).available()).isEqualTo(1_000);
    }

    @Test
    void refusesToCaptureMoreThanTheHold() {
        Account buyer = fixtures.funded("USD", 1_000);
        Account seller = fixtures.userAccount("USD");
        Hold hold = ledger.placeHold(new HoldRequest(LedgerFixtures.key(), buyer.id(), seller.id(), 300, "USD", null, null, Map.of()));

        assertThatThrownBy(() -> ledger.capture(hold.id(), new CaptureRequest(LedgerFixtures.key(), 301L)))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.CAPTURE_EXCEEDS_HOLD));
        assertThat(ledger.findHold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.PENDING);
    }

    @Test
    void holdsExpireExactlyOnceAtTheirTimeAndCannotBeCapturedAfterwards() {
        Account buyer = fixtures.funded("USD", 1_000);
        Account seller = fixtures.userAccount("USD");
        Instant expiresAt = clock.instant().plus(Duration.ofMinutes(30));
        Hold hold = ledger.placeHold(new HoldRequest(LedgerFixtures.key(), buyer.id(), seller.id(), 700, "USD", expiresAt, null, Map.of()));

        clock.advance(Duration.ofMinutes(31));

        assertThatThrownBy(() -> ledger.capture(hold.id(), new CaptureRequest(LedgerFixtures.key(), null)))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.HOLD_EXPIRED));
        Hold expired = ledger.findHold(hold.id()).orElseThrow();
        assertThat(expired.status()).isEqualTo(HoldStatus.EXPIRED);
        assertThat(expired.resolvedAt()).isEqualTo(expiresAt);
        assertThat(accounts.balance(buyer.id()).available()).isEqualTo(1_000);
        assertThat(accounts.balance(seller.id()).pendingCredits()).isZero();
    }

    @Test
    void fundsOfAnExpiredHoldCanBeSpentAtOnceWhateverTheExpiryJobHasDone() {
        Account buyer = fixtures.funded("USD", 1_000);
        Account seller = fixtures.userAccount("USD");
        Instant expiresAt = clock.instant().plus(Duration.ofMinutes(5));
        Hold hold = ledger.placeHold(new HoldRequest(LedgerFixtures.key(), buyer.id(), seller.id(), 1_000, "USD", expiresAt, null, Map.of()));
        assertThatThrownBy(() -> fixtures.transfer(buyer, seller, 1)).hasMessageContaining("0 available");

        clock.advance(Duration.ofMinutes(5));
        fixtures.transfer(buyer, seller, 1_000);

        assertThat(accounts.balance(buyer.id())).extracting(Balance::posted, Balance::pendingDebits).containsExactly(0L, 0L);
        assertThat(ledger.findHold(hold.id()).orElseThrow())
                .extracting(Hold::status, Hold::resolvedAt).containsExactly(HoldStatus.EXPIRED, expiresAt);
    }

    @Test
    void reversesFullyOrInProportionalPartsButNeverBeyondTheOriginal() {
        Account buyer = fixtures.funded("USD", 10_000);
        Account seller = fixtures.userAccount("USD");
        Account platform = fixtures.userAccount("USD");
        Transaction sale = ledger.post(TransactionRequest.of(LedgerFixtures.key(), "sale",
                Entry.debit(buyer.id(), 1_000, "USD"), Entry.credit(seller.id(), 700, "USD"), Entry.credit(platform.id(), 300, "USD")));

        Transaction partial = ledger.reverse(sale.id(), new ReversalRequest(LedgerFixtures.key(), 333L, "partial refund"));

        assertThat(partial.reverses()).isEqualTo(sale.id());
        assertThat(partial.postings()).extracting(Posting::amount).containsExactlyInAnyOrder(-233L, -100L, 333L);
        assertThatThrownBy(() -> ledger.reverse(sale.id(), new ReversalRequest(LedgerFixtures.key(), 668L, null)))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.REVERSAL_EXCEEDS_ORIGINAL));

        Transaction rest = ledger.reverse(sale.id(), new ReversalRequest(LedgerFixtures.key(), null, null));

        assertThat(rest.postings()).extracting(Posting::amount).containsExactlyInAnyOrder(-467L, -200L, 667L);
        assertThat(accounts.balance(buyer.id()).posted()).isEqualTo(10_000);
        assertThat(accounts.balance(seller.id()).posted()).isZero();
        assertThatThrownBy(() -> ledger.reverse(sale.id(), new ReversalRequest(LedgerFixtures.key(), null, null)))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.TRANSACTION_ALREADY_REVERSED));
        assertThatThrownBy(() -> ledger.reverse(rest.id(), new ReversalRequest(LedgerFixtures.key(), null, null)))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.CANNOT_REVERSE_REVERSAL));
    }

    @Test
    void postingsJoinTheCallersTransactionAndRollBackWithIt() {
        Account a = fixtures.funded("USD", 1_000);
        Account b = fixtures.userAccount("USD");

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            fixtures.transfer(a, b, 300);
            assertThat(accounts.balance(b.id()).posted()).isEqualTo(300);
            throw new IllegalStateException("the business change failed");
        })).hasMessage("the business change failed");

        assertThat(accounts.balance(a.id()).posted()).isEqualTo(1_000);
        assertThat(accounts.balance(b.id()).posted()).isZero();
    }

    @Test
    void aStripedHotAccountSumsItsStripesOnRead() {
        Account revenue = accounts.open(NewAccount.of(AccountOwner.platform(), "revenue.test." + System.nanoTime(), "USD").striped(8));
        Account buyer = fixtures.funded("USD", 100_000);
        for (int i = 0; i < 40; i++) {
            fixtures.transfer(buyer, revenue, 25);
        }
        long usedStripes = jdbc.queryForObject(
                "SELECT count(DISTINCT stripe) FROM ledger_postings WHERE account_id = ?", Long.class, revenue.id().value());

        assertThat(accounts.balance(revenue.id()).posted()).isEqualTo(1_000);
        assertThat(usedStripes).isGreaterThan(1);
        assertThatThrownBy(() -> fixtures.transfer(revenue, buyer, 1_001)).hasMessageContaining("1000 available");
        fixtures.transfer(revenue, buyer, 1_000);
        assertThat(accounts.balance(revenue.id()).posted()).isZero();
    }

    @Test
    void aCreditToAStripedAccountWaitsOnlyForItsOwnStripeButADebitWaitsForAll() throws Exception {
        Account revenue = accounts.open(NewAccount.of(AccountOwner.platform(), "revenue.test." + System.nanoTime(), "USD").striped(64));
        Account buyer = fixtures.funded("USD", 10_000);
        fixtures.transfer(buyer, revenue, 500);
        // Group-committed batches pick the stripe of their writer; writers are far fewer than 32.
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> transactions.executeWithoutResult(status -> {
            jdbc.query("SELECT 1 FROM ledger_balances WHERE account_id = ? AND stripe >= 32 FOR UPDATE", rs -> {
            }, revenue.id().value());
            locked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        CompletableFuture<Transaction> debit;
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Transaction> credit = CompletableFuture.supplyAsync(() -> fixtures.transfer(buyer, revenue, 100));
            assertThat(credit.get(10, TimeUnit.SECONDS).postings()).hasSize(2);

            debit = CompletableFuture.supplyAsync(() -> fixtures.transfer(revenue, buyer, 600));
            Thread.sleep(500);
            assertThat(debit).isNotDone();
        } finally {
            release.countDown();
            holder.join(30_000);
        }
        assertThat(debit.get(10, TimeUnit.SECONDS).postings()).hasSize(2);
        assertThat(accounts.balance(revenue.id()).posted()).isZero();
        assertThatThrownBy(() -> fixtures.transfer(revenue, buyer, 1)).hasMessageContaining("0 available");
    }

    @Test
    void captureAndPostCommitBothOrNeitherAndReplayAsOne() {
        Account buyer = fixtures.funded("USD", 1_000);
        Account escrow = accounts.open(NewAccount.of(AccountOwner.system("test"), "escrow." + System.nanoTime(), "USD"));
        Account seller = fixtures.userAccount("USD");
        Hold hold = ledger.placeHold(new HoldRequest(LedgerFixtures.key(), buyer.id(), escrow.id(), 600, "USD", null, null, Map.of()));
        String captureKey = LedgerFixtures.key();
        TransactionRequest split = TransactionRequest.of(LedgerFixtures.key(), "split",
                Entry.debit(escrow.id(), 600, "USD"), Entry.credit(seller.id(), 600, "USD"));

        Transaction posted = ledger.captureAndPost(hold.id(), new CaptureRequest(captureKey, null), split);
        Transaction replayed = ledger.captureAndPost(hold.id(), new CaptureRequest(captureKey, null), split);

        assertThat(replayed.id()).isEqualTo(posted.id());
        assertThat(accounts.balance(buyer.id()).posted()).isEqualTo(400);
        assertThat(accounts.balance(escrow.id()).posted()).isZero();
        assertThat(accounts.balance(seller.id()).posted()).isEqualTo(600);
        assertThat(ledger.findHold(hold.id()).orElseThrow().status()).isEqualTo(HoldStatus.CAPTURED);

        Hold second = ledger.placeHold(new HoldRequest(LedgerFixtures.key(), buyer.id(), escrow.id(), 300, "USD", null, null, Map.of()));
        TransactionRequest tooMuch = TransactionRequest.of(LedgerFixtures.key(), "split",
                Entry.debit(escrow.id(), 301, "USD"), Entry.credit(seller.id(), 301, "USD"));
        assertThatThrownBy(() -> ledger.captureAndPost(second.id(), new CaptureRequest(LedgerFixtures.key(), null), tooMuch))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.INSUFFICIENT_FUNDS));
        assertThat(ledger.findHold(second.id()).orElseThrow().status()).isEqualTo(HoldStatus.PENDING);
        assertThat(accounts.balance(buyer.id()).posted()).isEqualTo(400);
        assertThat(accounts.balance(escrow.id()).posted()).isZero();
        assertThat(verification.verify().ok()).isTrue();
    }

    @Test
    void aStripedAccountThatAStepOnlyCreditsLocksOneStripeEvenBesideACapture() throws Exception {
        Account buyer = fixtures.funded("USD", 1_000);
        Account escrow = accounts.open(NewAccount.of(AccountOwner.system("test"), "escrow." + System.nanoTime(), "USD"));
        Account fees = accounts.open(NewAccount.of(AccountOwner.system("test"), "fees." + System.nanoTime(), "USD").striped(64));
        Hold hold = ledger.placeHold(new HoldRequest(LedgerFixtures.key(), buyer.id(), escrow.id(), 100, "USD", null, null, Map.of()));
        CountDownLatch posted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread step = Thread.ofPlatform().start(() -> transactions.executeWithoutResult(status -> {
            ledger.captureAndPost(hold.id(), new CaptureRequest(LedgerFixtures.key(), null), TransactionRequest.of(
                    LedgerFixtures.key(), "split", Entry.debit(escrow.id(), 100, "USD"), Entry.credit(fees.id(), 100, "USD")));
            posted.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(posted.await(10, TimeUnit.SECONDS)).isTrue();
            Long free = transactions.execute(status -> jdbc.queryForObject("""
                    SELECT count(*) FROM (SELECT 1 FROM ledger_balances WHERE account_id = ? FOR UPDATE SKIP LOCKED) f""",
                    Long.class, fees.id().value()));
            assertThat(free).isEqualTo(63);
        } finally {
            release.countDown();
            step.join(30_000);
        }
        assertThat(accounts.balance(fees.id()).posted()).isEqualTo(100);
    }

    @Test
    void anAccountIdIsRememberedOnlyOnceItsOpeningCommitted() {
        NewAccount template = NewAccount.of(AccountOwner.system("test"), "remembered." + System.nanoTime(), "USD");
        AtomicReference<AccountId> rolledBack = new AtomicReference<>();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            rolledBack.set(accounts.idOf(template));
            throw new IllegalStateException("the business change failed");
        })).hasMessage("the business change failed");

        AccountId id = accounts.idOf(template);

        assertThat(id).isNotEqualTo(rolledBack.get());
        assertThat(accounts.find(id)).isPresent();
        assertThat(accounts.find(rolledBack.get())).isEmpty();
        assertThat(accounts.idOf(template)).isEqualTo(id);
    }

    @Test
    void sealsATransactionThatCommitsAfterALaterOneWasSealed() throws Exception {
        Account a = fixtures.funded("USD", 1_000);
        Account b = fixtures.userAccount("USD");
        Account c = fixtures.funded("USD", 1_000);
        Account d = fixtures.userAccount("USD");
        CountDownLatch posted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Transaction> early = new AtomicReference<>();
        Thread slow = Thread.ofPlatform().start(() -> transactions.executeWithoutResult(status -> {
            early.set(fixtures.transfer(a, b, 100));
            posted.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(posted.await(10, TimeUnit.SECONDS)).isTrue();
            Transaction later = fixtures.transfer(c, d, 200);
            assertThat(sealedWithin(later.id(), Duration.ofSeconds(15))).isTrue();
            assertThat(sealedWithin(early.get().id(), Duration.ofMillis(10))).isFalse();
        } finally {
            release.countDown();
            slow.join(30_000);
        }
        assertThat(sealedWithin(early.get().id(), Duration.ofSeconds(15))).isTrue();
    }

    private boolean sealedWithin(TransactionId id, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            if (jdbc.queryForObject("SELECT count(*) FROM ledger_seals WHERE transaction_id = ?", Long.class, id.value()) > 0) {
                return true;
            }
            Thread.sleep(Math.min(100, wait.toMillis()));
        } while (System.nanoTime() < deadline);
        return false;
    }

    @Test
    void anOverdraftLimitCanBeRaisedButNotLoweredBelowWhatIsUsed() {
        Account a = fixtures.userAccount("USD");
        Account b = fixtures.userAccount("USD");
        accounts.changeOverdraftLimit(a.id(), 500);
        fixtures.transfer(a, b, 400);

        assertThat(accounts.balance(a.id()).posted()).isEqualTo(-400);
        assertThatThrownBy(() -> fixtures.transfer(a, b, 101)).hasMessageContaining("overdraft");
        assertThatThrownBy(() -> accounts.changeOverdraftLimit(a.id(), 300))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.OVERDRAFT_IN_USE));
        accounts.changeOverdraftLimit(a.id(), 400);
        assertThat(accounts.find(a.id()).orElseThrow().overdraftLimit()).isEqualTo(400);
    }

    @Test
    void statementsShowRunningBalancesNewestFirstAcrossPages() {
        Account a = fixtures.funded("USD", 1_000);
        Account b = fixtures.userAccount("USD");
        fixtures.transfer(a, b, 100);
        fixtures.transfer(a, b, 200);
        fixtures.transfer(b, a, 50);

        List<StatementLine> first = accounts.statement(a.id(), null, 2);
        List<StatementLine> second = accounts.statement(a.id(), first.getLast().sequence(), 2);

        assertThat(first).extracting(StatementLine::amount, StatementLine::runningBalance)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(50L, 750L), org.assertj.core.groups.Tuple.tuple(-200L, 700L));
        assertThat(second).extracting(StatementLine::amount, StatementLine::runningBalance)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(-100L, 900L), org.assertj.core.groups.Tuple.tuple(1_000L, 1_000L));
    }

    @Test
    void answersTheBalanceAtAPastInstantOfEffectiveTime() {
        Account a = fixtures.userAccount("USD");
        Account world = fixtures.world("USD");
        Instant monday = clock.instant().minus(Duration.ofDays(7));
        ledger.post(new TransactionRequest(LedgerFixtures.key(), "deposit",
                List.of(Entry.debit(world.id(), 300, "USD"), Entry.credit(a.id(), 300, "USD")), monday, null, Map.of()));
        fixtures.fund(a, 200);

        assertThat(accounts.postedBalanceAt(a.id(), monday.minusSeconds(1))).isZero();
        assertThat(accounts.postedBalanceAt(a.id(), monday)).isEqualTo(300);
        assertThat(accounts.postedBalanceAt(a.id(), clock.instant())).isEqualTo(500);
    }

    @Test
    void customAssetsKeepTheScaleTheyWereDeclaredWith() {
        Account tokens = accounts.open(NewAccount.of(AccountOwner.user("usr_tok"), "tokens", "POT").withScale(0));
        assertThat(tokens.assetScale()).isZero();
        assertThatThrownBy(() -> accounts.open(NewAccount.of(AccountOwner.user("usr_tok2"), "tokens", "POT").withScale(2)))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.ASSET_SCALE_CONFLICT));
        assertThatThrownBy(() -> accounts.open(NewAccount.of(AccountOwner.user("usr_tok3"), "tokens", "ZQX")))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(LedgerError.UNKNOWN_ASSET));
        assertThat(accounts.open(NewAccount.of(AccountOwner.user("usr_yen"), "wallet", "JPY")).assetScale()).isZero();
    }

    @Test
    void theLedgerVerifiesCleanAfterAllOfThis() {
        Account a = fixtures.funded("USD", 1_000);
        fixtures.transfer(a, fixtures.userAccount("USD"), 10);

        VerificationReport report = verification.verify();

        assertThat(report.violations()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.transactions()).isPositive();
    }

    private void expect(LedgerError error, Entry... entries) {
        assertThatThrownBy(() -> ledger.post(TransactionRequest.of(LedgerFixtures.key(), "test", entries)))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    private long count() {
        return jdbc.queryForObject("SELECT count(*) FROM ledger_transactions", Long.class);
    }
}
