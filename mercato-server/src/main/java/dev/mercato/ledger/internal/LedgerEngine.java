package dev.mercato.ledger.internal;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.HoldId;
import dev.mercato.ledger.Posting;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionId;
import dev.mercato.ledger.TransactionPosted;
import dev.mercato.ledger.core.AccountRules;
import dev.mercato.ledger.core.BatchProcessor;
import dev.mercato.ledger.core.Command;
import dev.mercato.ledger.core.HoldState;
import dev.mercato.ledger.core.Outcome;
import dev.mercato.ledger.core.WorkingSet;
import dev.mercato.platform.Ids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a batch of ledger commands inside the current database transaction: take the locks, load
 * what the commands touch, let the {@link BatchProcessor} apply them in memory, then write
 * everything back in one statement per table. A batch of one is the direct path other modules use
 * inside their own transactions; bigger batches come from the group committer.
 */
@Component
class LedgerEngine {

    private final LedgerStore store;
    private final AccountRulesCache rulesCache;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;
    private final boolean publishTransactions;
    private final Counter committed;

    LedgerEngine(LedgerStore store, AccountRulesCache rulesCache, Clock clock, MeterRegistry meters,
            ApplicationEventPublisher events,
            @Value("${mercato.ledger.publish-transactions:false}") boolean publishTransactions) {
        this.store = store;
        this.rulesCache = rulesCache;
        this.clock = clock;
        this.meters = meters;
        this.events = events;
        this.publishTransactions = publishTransactions;
        this.committed = Counter.builder("ledger.transactions")
                .description("ledger transactions committed by this instance").register(meters);
    }

    /**
     * @param stripeHint picks the stripe of each hot account this batch writes to; concurrent
     *                   batches with different hints do not contend on hot accounts
     */
    List<Outcome> execute(List<Command> commands, int stripeHint) {
        return execute(commands, stripeHint, false);
    }

    /**
     * {@link #execute} in a database transaction that holds nothing but this batch (and the audit
     * events and outbox rows written alongside it): the group committer's and the hold expiry's.
     * Such a transaction runs its reads on generic plans. Left to choose, PostgreSQL plans the
     * batch's reads anew on every execution (their arrays' lengths make each custom plan look
     * cheaper than the generic one, which assumes ten elements), and that planning cost four times
     * what the generic plans run on (docs/benchmarks.md, "Generic plans for the group commit"). A
     * caller's own transaction is left as it is: its other statements may need custom plans.
     */
    List<Outcome> executeAlone(List<Command> commands, int stripeHint) {
        return execute(commands, stripeHint, true);
    }

    private List<Outcome> execute(List<Command> commands, int stripeHint, boolean genericPlans) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        store.lock(lockKeys(commands), genericPlans);

        WorkingSet ws = new WorkingSet();
        Set<String> keys = new LinkedHashSet<>();
        Set<HoldId> holdIds = new TreeSet<>();
        Set<TransactionId> originals = new LinkedHashSet<>();
        Set<AccountId> accounts = new TreeSet<>();
        for (Command command : commands) {
            if (command.idempotencyKey() != null) {
                keys.add(command.idempotencyKey());
            }
            switch (command) {
                case Command.Post post -> post.request().entries().forEach(e -> accounts.add(e.accountId()));
                case Command.PlaceHold hold -> {
                    accounts.add(hold.request().debitAccount());
                    accounts.add(hold.request().creditAccount());
                }
                case Command.Capture capture -> holdIds.add(capture.hold());
                case Command.Void v -> holdIds.add(v.hold());
                case Command.Expire expire -> holdIds.add(expire.hold());
                case Command.Reverse reverse -> originals.add(reverse.original());
            }
        }
        // Expiry is exact: holds past their time that reserve funds of the accounts this batch
        // touches are expired first, so those funds count whatever the expiry job has got to.
        List<HoldId> due;
        if (originals.isEmpty()) {
            // Every account is known: the stored requests and the due holds in one round trip.
            LedgerStore.RequestsAndDueHolds read = store.requestsAndDueHolds(keys, accounts, now);
            read.requests().forEach(ws::addStoredRequest);
            due = read.dueHolds();
        } else {
            // A reversal adds its original's accounts, known only once the original is read.
            store.requests(keys).forEach(ws::addStoredRequest);
            Map<TransactionId, List<Posting>> reversals = store.reversalPostings(originals);
            for (Transaction original : store.transactions(originals)) {
                ws.addReversible(new WorkingSet.Reversible(original, reversals.getOrDefault(original.id(), List.of())));
                original.postings().forEach(p -> accounts.add(p.accountId()));
            }
            due = store.dueHolds(accounts, now);
        }
        holdIds.addAll(due);
        List<HoldState> holds = store.holds(holdIds);
        for (HoldState hold : holds) {
            ws.addHold(hold);
            accounts.add(hold.hold().debitAccount());
            accounts.add(hold.hold().creditAccount());
        }

        Map<AccountId, AccountRules> rules = rulesCache.rules(accounts);
        Set<AccountId> touchedOtherwise = new HashSet<>();
        for (Command command : commands) {
            if (command instanceof Command.PlaceHold hold) {
                touchedOtherwise.add(hold.request().debitAccount());
                touchedOtherwise.add(hold.request().creditAccount());
            }
        }
        for (HoldState hold : holds) {
            touchedOtherwise.add(hold.hold().debitAccount());
            touchedOtherwise.add(hold.hold().creditAccount());
        }
        Set<AccountId> onlyCredited = onlyCredited(commands, touchedOtherwise);
        Set<Map.Entry<AccountId, Integer>> rows = new TreeSet<>(
                Comparator.comparing((Map.Entry<AccountId, Integer> r) -> r.getKey()).thenComparing(Map.Entry::getValue));
        for (AccountRules account : rules.values()) {
            int chosen = Math.floorMod(stripeHint, account.stripes());
            ws.chooseStripe(account.id(), chosen);
            // A limit check sums every stripe, so an account that may lose value locks them all; one
            // that this batch only credits never needs the check, and locks just its chosen stripe.
            if (account.striped() && !account.allowNegative() && !onlyCredited.contains(account.id())) {
                for (int stripe = 0; stripe < account.stripes(); stripe++) {
                    rows.add(new AbstractMap.SimpleImmutableEntry<>(account.id(), stripe));
                }
            } else {
                rows.add(new AbstractMap.SimpleImmutableEntry<>(account.id(), chosen));
            }
        }
        for (HoldState hold : holds) {
            rows.add(new AbstractMap.SimpleImmutableEntry<>(hold.hold().debitAccount(), hold.debitStripe()));
            rows.add(new AbstractMap.SimpleImmutableEntry<>(hold.hold().creditAccount(), hold.creditStripe()));
        }
        for (LedgerStore.LockedBalance locked : store.lockBalances(new ArrayList<>(rows))) {
            ws.addBalance(locked.row());
            AccountRules account = rules.get(locked.row().account);
            ws.addAccount(account.withOverdraftLimit(locked.overdraftLimit()));
        }

        BatchProcessor processor = new BatchProcessor(now, prefix -> Ids.next(prefix, clock));
        for (HoldId hold : due) {
            processor.process(new Command.Expire(hold), ws);
        }
        List<Outcome> outcomes = new ArrayList<>(commands.size());
        for (Command command : commands) {
            outcomes.add(processor.process(command, ws));
        }
        // Counted before the commit: a batch that then fails is retried and counted again.
        count(commands, outcomes);

        store.write(new LedgerStore.Writes(ws.newTransactions(), ws.newPostings(), ws.newHolds(),
                ws.changedBalances(), ws.newRequests(), now));
        countOnCommit(ws.newTransactions().size());
        // After the write: a capture names the transaction the write just inserted.
        store.resolveHolds(ws.changedHolds());
        if (publishTransactions) {
            // Still inside the batch's database transaction, so the outbox rows commit (or roll
            // back, and are written again by the one-by-one retry) together with the postings.
            ws.newTransactions().forEach(t -> events.publishEvent(TransactionPosted.of(t)));
        }
        return resolveReplays(outcomes);
    }

    /**
     * Accounts that this batch only ever credits on balance: every post touching them adds up to a
     * net credit on them, and no other command (hold, capture, void, expiry, reversal) touches them
     * at all. Such an account never meets a limit check in this batch, so it locks one stripe. A
     * reversal may debit any account of its original, so a batch with one has no such account.
     */
    private static Set<AccountId> onlyCredited(List<Command> commands, Set<AccountId> touchedOtherwise) {
        Map<AccountId, Boolean> credited = new HashMap<>();
        for (Command command : commands) {
            if (command instanceof Command.Reverse) {
                return Set.of();
            }
            if (!(command instanceof Command.Post post)) {
                continue;
            }
            Map<AccountId, Long> net = new HashMap<>();
            boolean overflow = false;
            for (Entry entry : post.request().entries()) {
                try {
                    net.merge(entry.accountId(), entry.signedAmount(), Math::addExact);
                } catch (ArithmeticException e) {
                    overflow = true;
                }
            }
            for (Map.Entry<AccountId, Long> e : net.entrySet()) {
                credited.merge(e.getKey(), !overflow && e.getValue() >= 0, Boolean::logicalAnd);
            }
        }
        Set<AccountId> result = new HashSet<>();
        credited.forEach((account, only) -> {
            if (only && !touchedOtherwise.contains(account)) {
                result.add(account);
            }
        });
        return result;
    }

    private void count(List<Command> commands, List<Outcome> outcomes) {
        for (int i = 0; i < commands.size(); i++) {
            Outcome outcome = outcomes.get(i);
            String result = outcome.failed() ? outcome.error().code()
                    : outcome.replayedResultId() != null ? "replayed"
                    : outcome.result() == null ? "nothing_to_do" : "ok";
            meters.counter("mercato.ledger.commands", "command", commands.get(i).name(), "outcome", result).increment();
        }
    }

    /** Counted when the surrounding transaction commits, so a batch that rolls back and is retried counts once. */
    private void countOnCommit(int transactions) {
        if (transactions == 0) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            committed.increment(transactions); // no surrounding transaction: each statement committed on its own
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                committed.increment(transactions);
            }
        });
    }

    /** Replays name an earlier result by id; load those so every caller gets the full object. */
    private List<Outcome> resolveReplays(List<Outcome> outcomes) {
        List<TransactionId> transactions = new ArrayList<>();
        List<HoldId> holds = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            String id = outcome.replayedResultId();
            if (id != null && id.startsWith("txn_")) {
                transactions.add(new TransactionId(id));
            } else if (id != null) {
                holds.add(new HoldId(id));
            }
        }
        if (transactions.isEmpty() && holds.isEmpty()) {
            return outcomes;
        }
        Map<String, Object> loaded = new HashMap<>();
        store.transactions(transactions).forEach(t -> loaded.put(t.id().value(), t));
        store.holds(holds).forEach(h -> loaded.put(h.hold().id().value(), h.hold()));
        return outcomes.stream()
                .map(o -> o.replayedResultId() == null ? o : Outcome.of(loaded.get(o.replayedResultId())))
                .toList();
    }

    private static long[] lockKeys(List<Command> commands) {
        List<String> names = new ArrayList<>();
        for (Command command : commands) {
            if (command.idempotencyKey() != null) {
                names.add("key:" + command.idempotencyKey());
            }
            switch (command) {
                case Command.Capture c -> names.add("hold:" + c.hold());
                case Command.Void v -> names.add("hold:" + v.hold());
                case Command.Expire e -> names.add("hold:" + e.hold());
                case Command.Reverse r -> names.add("txn:" + r.original());
                default -> {
                }
            }
        }
        return names.stream().mapToLong(LedgerEngine::fnv1a64).toArray();
    }

    private static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

}
