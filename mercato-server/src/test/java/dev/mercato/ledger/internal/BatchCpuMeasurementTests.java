package dev.mercato.ledger.internal;

import dev.mercato.ledger.Account;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.ledger.core.Command;
import dev.mercato.testing.CpuMeasurement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A measurement, not a check: it runs only when {@code -Dmeasure.batches=N} asks for it (the suite
 * skips it). It runs benchmark (d)'s group-committed batch — transfers between funded wallets, each
 * with its idempotency key, through {@link LedgerEngine#executeAlone} in its own transaction — from
 * one thread, and reports the CPU time per batch of the PostgreSQL backend that served it (its
 * {@code /proc/<pid>/stat}, so the database must run on this machine) and of the calling thread
 * (the JVM's side of the batch: binding, pgjdbc, the engine), after a fixed number of warm-up batches.
 *
 * <pre>mvn -B test -pl mercato-server -Dtest=BatchCpuMeasurementTests -Dsurefire.failIfNoSpecifiedTests=false -Dmeasure.batches=4000</pre>
 *
 * ({@code measure.batches}: measured batches, after as many warm-up ones; {@code measure.batch-size},
 * transfers per batch, default 3 — benchmark (d)'s mean is 2.3–2.6).
 */
@EnabledIfSystemProperty(named = "measure.batches", matches = "[1-9][0-9]*")
class BatchCpuMeasurementTests extends CpuMeasurement {

    private static final int WALLETS = 200;

    @Autowired
    LedgerEngine engine;
    @Autowired
    Accounts accounts;

    @Test
    void cpuPerGroupCommittedTransferBatch() throws Exception {
        Account world = accounts.openOrGet(NewAccount.of(AccountOwner.system("world"), "funding", "USD").allowingNegative());
        List<Account> wallets = new ArrayList<>();
        for (int i = 0; i < WALLETS; i++) {
            Account wallet = accounts.open(NewAccount.of(AccountOwner.user("usr_" + UUID.randomUUID()), "wallet", "USD"));
            transactions.execute(status -> engine.executeAlone(List.of(transfer(world, wallet, 100_000_000)), 0));
            wallets.add(wallet);
        }
        jdbc.execute("ANALYZE");
        int batches = Integer.getInteger("measure.batches", 4_000);
        int size = Integer.getInteger("measure.batch-size", 3);
        run(wallets, batches, size); // warm-up: the JIT compiles the path, the statements get prepared
        long[] measured = run(wallets, batches, size);
        System.out.printf("LEDGER BATCH: %d batches of %d transfers: PostgreSQL %.1f µs and JVM %.1f µs CPU per batch"
                + " (%.1f and %.1f per transfer)%n", batches, size, measured[0] / 1_000.0 / batches,
                measured[1] / 1_000.0 / batches, measured[0] / 1_000.0 / batches / size, measured[1] / 1_000.0 / batches / size);
    }

    /** Answers the backend's and this thread's CPU nanoseconds over {@code batches} batches. */
    private long[] run(List<Account> wallets, int batches, int size) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return cpuNanos(() -> {
            for (int b = 0; b < batches; b++) {
                List<Command> commands = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    int from = random.nextInt(WALLETS);
                    int to = (from + 1 + random.nextInt(WALLETS - 1)) % WALLETS;
                    commands.add(transfer(wallets.get(from), wallets.get(to), 1 + random.nextInt(100)));
                }
                transactions.execute(status -> engine.executeAlone(commands, 0));
            }
        });
    }

    private static Command transfer(Account from, Account to, long amount) {
        return new Command.Post(TransactionRequest.of("measure:" + UUID.randomUUID(), "transfer",
                Entry.debit(from.id(), amount, "USD"), Entry.credit(to.id(), amount, "USD")));
    }
}
