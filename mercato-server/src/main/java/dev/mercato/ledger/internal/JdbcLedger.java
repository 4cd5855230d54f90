package dev.mercato.ledger.internal;

import dev.mercato.ledger.CaptureRequest;
import dev.mercato.ledger.Hold;
import dev.mercato.ledger.HoldId;
import dev.mercato.ledger.HoldRequest;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.ReversalRequest;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionId;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.ledger.core.Command;
import dev.mercato.ledger.core.Outcome;
import dev.mercato.ledger.core.RequestValidation;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The ledger's Java API: validates each request, then runs it in the caller's transaction or through group commit. */
@Service
class JdbcLedger implements Ledger {

    private final LedgerEngine engine;
    private final GroupCommitter groupCommitter;
    private final LedgerStore store;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final AuditLog audit;

    JdbcLedger(LedgerEngine engine, GroupCommitter groupCommitter, LedgerStore store, Clock clock,
            PlatformTransactionManager transactions, AuditLog audit) {
        this.audit = audit;
        this.engine = engine;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.groupCommitter = groupCommitter;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Transaction post(TransactionRequest request) {
        return (Transaction) run(new Command.Post(request));
    }

    @Override
    public Hold placeHold(HoldRequest request) {
        return (Hold) run(new Command.PlaceHold(request));
    }

    @Override
    public Transaction capture(HoldId hold, CaptureRequest request) {
        return (Transaction) run(new Command.Capture(hold, request));
    }

    @Override
    public Transaction captureAndPost(HoldId hold, CaptureRequest capture, TransactionRequest then) {
        List<Command> commands = List.of(new Command.Capture(hold, capture), new Command.Post(then));
        commands.forEach(command -> RequestValidation.check(command, clock.instant()));
        boolean callersTransaction = TransactionSynchronizationManager.isActualTransactionActive();
        AuditLog.Capture request = callersTransaction ? AuditLog.Capture.NONE : audit.capture();
        Supplier<List<Outcome>> both = () -> {
            List<Outcome> outcomes = engine.execute(commands, ThreadLocalRandom.current().nextInt(1 << 16));
            for (Outcome outcome : outcomes) {
                if (outcome.failed()) {
                    // Both or neither: thrown inside the transaction, it rolls back whatever the other part wrote.
                    throw outcome.error();
                }
                audited(request, outcome);
            }
            return outcomes;
        };
        List<Outcome> outcomes = callersTransaction ? both.get() : ownTransaction.execute(status -> both.get());
        return (Transaction) outcomes.getLast().result();
    }

    @Override
    public Hold voidHold(HoldId hold, String idempotencyKey) {
        return (Hold) run(new Command.Void(hold, idempotencyKey));
    }

    @Override
    public Transaction reverse(TransactionId original, ReversalRequest request) {
        return (Transaction) run(new Command.Reverse(original, request));
    }

    @Override
    public Optional<Transaction> findTransaction(TransactionId id) {
        if (!Ids.hasPrefix(id.value(), "txn")) {
            return Optional.empty();
        }
        return store.transactions(List.of(id)).stream().findFirst();
    }

    @Override
    public Optional<Hold> findHold(HoldId id) {
        if (!Ids.hasPrefix(id.value(), "hold")) {
            return Optional.empty();
        }
        return store.holds(List.of(id)).stream().findFirst().map(h -> h.hold());
    }

    private Object run(Command command) {
        RequestValidation.check(command, clock.instant());
        Outcome outcome;
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            outcome = engine.execute(List.of(command), ThreadLocalRandom.current().nextInt(1 << 16)).getFirst();
        } else {
            AuditLog.Capture request = audit.capture();
            try {
                outcome = groupCommitter.submit(command, executed -> audited(request, executed)).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        if (outcome.failed()) {
            throw outcome.error();
        }
        return outcome.result();
    }

    /**
     * Records, in the transaction that wrote it, the transaction or hold a request's command
     * produced (replays and refusals changed nothing). Only when the ledger runs its own
     * transaction: a module calling it inside its transaction records its own, business-level
     * change, so a request still leaves one event.
     */
    private static void audited(AuditLog.Capture request, Outcome outcome) {
        if (outcome.result() instanceof Transaction t) {
            request.changed("transaction", t.id().value(), null, AuditedState.of(t));
        } else if (outcome.result() instanceof Hold h) {
            request.changed("hold", h.id().value(), null, AuditedState.of(h));
        }
    }
}
