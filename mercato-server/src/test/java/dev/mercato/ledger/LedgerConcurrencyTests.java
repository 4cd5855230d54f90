package dev.mercato.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Real threads racing on few accounts: transfers that mostly succeed and often fail for lack of
 * funds, through both write paths (group commit and inside a caller's transaction), with retries
 * of earlier requests mixed in. Afterwards the stored balances must equal exactly what the
 * successful operations reported, and every invariant must hold.
 */
class LedgerConcurrencyTests extends IntegrationTest {

    static final int THREADS = 32;
    static final int OPERATIONS_PER_THREAD = 120;
    static final int ACCOUNTS = 6;
    static final long INITIAL = 20_000;

    @Autowired
    Ledger ledger;
    @Autowired
    Accounts accounts;
    @Autowired
    LedgerVerification verification;
    @Autowired
    TransactionTemplate transactions;

    /** committed is false for a refusal inside a caller's transaction: it rolled back with it, leaving no record. */
    record Attempt(TransactionRequest request, String outcome, boolean committed) {
    }

    @Test
    void racingTransfersNeverLoseAnUpdateNorOverdrawAndRetriesChangeNothing() throws Exception {
        LedgerFixtures fixtures = new LedgerFixtures(ledger, accounts);
        List<Account> pool = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            pool.add(fixtures.funded("USD", INITIAL));
        }
        Map<String, Attempt> attempts = new ConcurrentHashMap<>();
        Map<String, Transaction> succeeded = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        AtomicInteger direct = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 1_000L + t;
            futures.add(threads.submit(() -> {
                Random random = new Random(seed);
                start.await();
                List<String> mine = new ArrayList<>();
                for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                    TransactionRequest request;
                    boolean retry = !mine.isEmpty() && random.nextInt(10) == 0;
                    if (retry) {
                        request = attempts.get(mine.get(random.nextInt(mine.size()))).request();
                        retries.incrementAndGet();
                    } else {
                        Account from = pool.get(random.nextInt(ACCOUNTS));
                        Account to = pool.get((pool.indexOf(from) + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS);
                        request = TransactionRequest.of(LedgerFixtures.key(), "transfer",
                                Entry.debit(from.id(), 1 + random.nextInt(6_000), "USD"),
                                Entry.credit(to.id(), 0, "USD"));
                        long amount = request.entries().getFirst().amount();
                        request = TransactionRequest.of(request.idempotencyKey(), "transfer",
                                request.entries().getFirst(), Entry.credit(to.id(), amount, "USD"));
                    }
                    boolean insideTransaction = random.nextInt(4) == 0;
                    String outcome = post(request, insideTransaction);
                    if (insideTransaction) {
                        direct.incrementAndGet();
                    }
                    boolean committed = outcome.startsWith("txn_") || !insideTransaction;
                    Attempt earlier = attempts.get(request.idempotencyKey());
                    if (retry && earlier.committed()) {
                        assertThat(outcome).as("a retry returns the original outcome").isEqualTo(earlier.outcome());
                    } else {
                        attempts.put(request.idempotencyKey(), new Attempt(request, outcome, committed));
                        if (!retry) {
                            mine.add(request.idempotencyKey());
                        }
                        if (outcome.startsWith("txn_")) {
                            succeeded.put(request.idempotencyKey(), ledger.findTransaction(new TransactionId(outcome)).orElseThrow());
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        try {
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }

        Map<AccountId, Long> expected = new HashMap<>();
        pool.forEach(a -> expected.put(a.id(), INITIAL));
        succeeded.values().forEach(t -> t.postings().forEach(p -> expected.merge(p.accountId(), p.amount(), Long::sum)));
        for (Account account : pool) {
            Balance balance = accounts.balance(account.id());
            assertThat(balance.posted()).as("balance of " + account.id()).isEqualTo(expected.get(account.id()));
            assertThat(balance.posted()).isNotNegative();
        }
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ACCOUNTS * INITIAL);
        assertThat(succeeded).hasSizeGreaterThan(THREADS * OPERATIONS_PER_THREAD / 4);
        assertThat(refused.get()).as("real contention produced refusals").isPositive();
        assertThat(retries.get()).isPositive();
        assertThat(direct.get()).isPositive();
        VerificationReport report = verification.verify();
        assertThat(report.violations()).isEmpty();
    }

    @Test
    void oneKeySentByManyThreadsAtOnceExecutesOnce() throws Exception {
        LedgerFixtures fixtures = new LedgerFixtures(ledger, accounts);
        Account from = fixtures.funded("USD", 1_000);
        Account to = fixtures.userAccount("USD");
        TransactionRequest request = TransactionRequest.of(LedgerFixtures.key(), "transfer",
                Entry.debit(from.id(), 700, "USD"), Entry.credit(to.id(), 700, "USD"));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            boolean inside = i % 2 == 0;
            results.add(threads.submit(() -> {
                start.await();
                return post(request, inside);
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        try {
            for (Future<String> result : results) {
                outcomes.add(result.get(1, TimeUnit.MINUTES));
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(outcomes).allMatch(o -> o.equals(outcomes.getFirst())).first().asString().startsWith("txn_");
        assertThat(accounts.balance(to.id()).posted()).isEqualTo(700);
        assertThat(accounts.balance(from.id()).posted()).isEqualTo(300);
    }

    /** Posts and returns the transaction id or the refusal code. */
    private String post(TransactionRequest request, boolean insideTransaction) {
        try {
            Transaction t = insideTransaction ? transactions.execute(status -> ledger.post(request)) : ledger.post(request);
            return t.id().value();
        } catch (LedgerException e) {
            return e.code();
        }
    }
}
