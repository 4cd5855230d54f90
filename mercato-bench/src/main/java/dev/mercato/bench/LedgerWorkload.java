package dev.mercato.bench;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.TransactionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * The ledger side of the benchmark: N funded user wallets, a funding source that may go negative,
 * and a striped platform revenue account; transfers between two random wallets, with or without a
 * fee to the revenue account. Every call is made outside any transaction, so it is group-committed.
 */
final class LedgerWorkload {

    static final String ASSET = "USD";
    /** Each wallet starts with 1,000,000.00 USD: at most 100.00 per transfer, insufficient funds never happen. */
    private static final long FUNDING = 100_000_000L;
    private static final long MAX_AMOUNT = 10_000L;

    private final Ledger ledger;
    private final AccountId[] wallets;
    private final AccountId revenue;

    private LedgerWorkload(Ledger ledger, AccountId[] wallets, AccountId revenue) {
        this.ledger = ledger;
        this.wallets = wallets;
        this.revenue = revenue;
    }

    /** Opens and funds the wallets from {@code threads} threads: setup, not measured. */
    static LedgerWorkload setUp(Accounts accounts, Ledger ledger, int count, int stripes, int threads) throws Exception {
        AccountId funding = accounts.open(NewAccount.of(AccountOwner.system("bench-funding"), "funding", ASSET)
                .allowingNegative()).id();
        AccountId revenue = accounts.open(NewAccount.of(AccountOwner.platform(), "revenue", ASSET).striped(stripes)).id();
        AccountId[] wallets = new AccountId[count];
        parallel(count, threads, i -> {
            wallets[i] = accounts.open(NewAccount.of(AccountOwner.user(String.format("usr_bench_%06d", i)), "wallet", ASSET)).id();
            return null;
        });
        parallel(count, threads * 4, i -> ledger.post(TransactionRequest.of("bench-fund-" + i, "bench.funding",
                Entry.debit(funding, FUNDING, ASSET), Entry.credit(wallets[i], FUNDING, ASSET))));
        return new LedgerWorkload(ledger, wallets, revenue);
    }

    /** (b): debit one random wallet, credit another. */
    void transfer(String idempotencyKey) {
        Pair pair = randomPair();
        long amount = randomAmount();
        ledger.post(TransactionRequest.of(idempotencyKey, "bench.transfer",
                Entry.debit(pair.from, amount, ASSET), Entry.credit(pair.to, amount, ASSET)));
    }

    /** (c): the same, plus a 1% fee (at least 0.01) credited to the hot revenue account. */
    void transferWithFee(String idempotencyKey) {
        Pair pair = randomPair();
        long amount = randomAmount();
        long fee = fee(amount);
        ledger.post(TransactionRequest.of(idempotencyKey, "bench.transfer_with_fee",
                Entry.debit(pair.from, amount + fee, ASSET), Entry.credit(pair.to, amount, ASSET),
                Entry.credit(revenue, fee, ASSET)));
    }

    static long fee(long amount) {
        return Math.max(1, amount / 100);
    }

    record Pair(AccountId from, AccountId to) {
    }

    Pair randomPair() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = random.nextInt(wallets.length);
        int b = random.nextInt(wallets.length - 1);
        return new Pair(wallets[a], wallets[b >= a ? b + 1 : b]);
    }

    static long randomAmount() {
        return ThreadLocalRandom.current().nextLong(1, MAX_AMOUNT + 1);
    }

    AccountId revenue() {
        return revenue;
    }

    private static void parallel(int count, int threads, IntFunction<Object> task) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.apply(index)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }
}
