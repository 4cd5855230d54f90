package dev.mercato.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Instances;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Model-based property test: random sequences of transfers, holds, captures, voids, expiries,
 * reversals, refusals and retries run against the real ledger and against a tiny in-memory model.
 * Every outcome must match the model, every balance must match it at the end, and verify must
 * find every invariant intact.
 */
class LedgerPropertiesTests {

    static ConfigurableApplicationContext context;
    static Ledger ledger;
    static Accounts accounts;
    static LedgerVerification verification;
    static MercatoClock clock;

    @BeforeContainer
    static void start() {
        context = Instances.start("--mercato.ledger.expiry-interval=PT0.2S");
        ledger = context.getBean(Ledger.class);
        accounts = context.getBean(Accounts.class);
        verification = context.getBean(LedgerVerification.class);
        clock = context.getBean(MercatoClock.class);
    }

    @AfterContainer
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    // ---- operations (indexes are taken modulo what exists when the operation runs) ----

    sealed interface Op {
    }

    record Transfer(int from, int to, long amount) implements Op {
    }

    record PlaceHold(int from, int to, long amount, Integer expiresInMinutes) implements Op {
    }

    record Capture(int hold, Long amount) implements Op {
    }

    record VoidHold(int hold) implements Op {
    }

    record Reverse(int transfer, Long amount) implements Op {
    }

    record Retry(int earlier) implements Op {
    }

    record Advance(int minutes) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> account = Arbitraries.integers().between(0, 3);
        Arbitrary<Long> amount = Arbitraries.longs().between(1, 600);
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 50);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Combinators.combine(account, account, amount).as(Transfer::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(account, account, amount,
                        Arbitraries.integers().between(1, 90).injectNull(0.5)).as(PlaceHold::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(index, amount.injectNull(0.5)).as(Capture::new)),
                net.jqwik.api.Tuple.of(1, index.map(VoidHold::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(index, amount.injectNull(0.5)).as(Reverse::new)),
                net.jqwik.api.Tuple.of(2, index.map(Retry::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 60).map(Advance::new)));
        return op.list().ofMinSize(5).ofMaxSize(40);
    }

    // ---- the model ----

    static final class ModelHold {
        final Hold hold;
        String status = "pending";

        ModelHold(Hold hold) {
            this.hold = hold;
        }
    }

    static final class Model {
        final List<Account> wallets = new ArrayList<>();
        final Map<AccountId, Long> posted = new HashMap<>();
        final Map<AccountId, Long> pendingOut = new HashMap<>();
        final Map<AccountId, Long> pendingIn = new HashMap<>();
        final List<ModelHold> holds = new ArrayList<>();
        final List<Transaction> transfers = new ArrayList<>();
        final Map<TransactionId, Long> reversed = new HashMap<>();
        final List<Runnable> replays = new ArrayList<>();

        long available(AccountId id) {
            return posted.get(id) - pendingOut.get(id);
        }

        void move(AccountId from, AccountId to, long amount) {
            posted.merge(from, -amount, Long::sum);
            posted.merge(to, amount, Long::sum);
        }

        void release(ModelHold h) {
            pendingOut.merge(h.hold.debitAccount(), -h.hold.amount(), Long::sum);
            pendingIn.merge(h.hold.creditAccount(), -h.hold.amount(), Long::sum);
        }

        /** Holds whose time has come are expired, whether or not the job already ran. */
        void expireDue(Instant now) {
            for (ModelHold h : holds) {
                if (h.status.equals("pending") && h.hold.expiresAt() != null && !now.isBefore(h.hold.expiresAt())) {
                    h.status = "expired";
                    release(h);
                }
            }
        }
    }

    @Property(tries = 40)
    void randomSequencesKeepEveryInvariantAndMatchTheModel(@ForAll("operations") List<Op> operations) throws Exception {
        LedgerFixtures fixtures = new LedgerFixtures(ledger, accounts);
        Model model = new Model();
        for (int i = 0; i < 4; i++) {
            Account wallet = fixtures.funded("USD", 1_000);
            model.wallets.add(wallet);
            model.posted.put(wallet.id(), 1_000L);
            model.pendingOut.put(wallet.id(), 0L);
            model.pendingIn.put(wallet.id(), 0L);
        }
        for (Op op : operations) {
            model.expireDue(clock.instant());
            apply(op, model);
        }
        model.expireDue(clock.instant());
        awaitDueHoldsExpired(model);

        for (Account wallet : model.wallets) {
            Balance balance = accounts.balance(wallet.id());
            assertThat(balance.posted()).as("posted of " + wallet.id()).isEqualTo(model.posted.get(wallet.id()));
            assertThat(balance.pendingDebits()).isEqualTo(model.pendingOut.get(wallet.id()));
            assertThat(balance.pendingCredits()).isEqualTo(model.pendingIn.get(wallet.id()));
            assertThat(balance.available()).isNotNegative();
        }
        for (ModelHold h : model.holds) {
            assertThat(ledger.findHold(h.hold.id()).orElseThrow().status().code()).isEqualTo(h.status);
        }
        assertThat(verification.verify().violations()).isEmpty();
    }

    private void apply(Op op, Model model) {
        switch (op) {
            case Transfer t -> {
                Account from = model.wallets.get(t.from());
                Account to = model.wallets.get(t.to() == t.from() ? (t.to() + 1) % 4 : t.to());
                TransactionRequest request = TransactionRequest.of(LedgerFixtures.key(), "transfer",
                        Entry.debit(from.id(), t.amount(), "USD"), Entry.credit(to.id(), t.amount(), "USD"));
                String expected = model.available(from.id()) >= t.amount() ? null : "insufficient_funds";
                Object outcome = outcome(() -> ledger.post(request));
                check(expected, outcome);
                if (expected == null) {
                    model.move(from.id(), to.id(), t.amount());
                    model.transfers.add((Transaction) outcome);
                }
                model.replays.add(() -> assertThat(sameOutcome(outcome(() -> ledger.post(request)), outcome)).isTrue());
            }
            case PlaceHold p -> {
                Account from = model.wallets.get(p.from());
                Account to = model.wallets.get(p.to() == p.from() ? (p.to() + 1) % 4 : p.to());
                Instant expires = p.expiresInMinutes() == null ? null : clock.instant().plus(Duration.ofMinutes(p.expiresInMinutes()));
                HoldRequest request = new HoldRequest(LedgerFixtures.key(), from.id(), to.id(), p.amount(), "USD", expires, null, Map.of());
                String expected = model.available(from.id()) >= p.amount() ? null : "insufficient_funds";
                Object outcome = outcome(() -> ledger.placeHold(request));
                check(expected, outcome);
                if (expected == null) {
                    model.holds.add(new ModelHold((Hold) outcome));
                    model.pendingOut.merge(from.id(), p.amount(), Long::sum);
                    model.pendingIn.merge(to.id(), p.amount(), Long::sum);
                }
                model.replays.add(() -> assertThat(sameOutcome(outcome(() -> ledger.placeHold(request)), outcome)).isTrue());
            }
            case Capture c -> {
                if (model.holds.isEmpty()) {
                    return;
                }
                ModelHold h = model.holds.get(c.hold() % model.holds.size());
                CaptureRequest request = new CaptureRequest(LedgerFixtures.key(), c.amount());
                long amount = c.amount() == null ? h.hold.amount() : c.amount();
                String expected = switch (h.status) {
                    case "expired" -> "hold_expired";
                    case "pending" -> amount > h.hold.amount() ? "capture_exceeds_hold" : null;
                    default -> "hold_not_pending";
                };
                Object outcome = outcome(() -> ledger.capture(h.hold.id(), request));
                check(expected, outcome);
                if (expected == null) {
                    model.release(h);
                    model.move(h.hold.debitAccount(), h.hold.creditAccount(), amount);
                    h.status = "captured";
                }
                model.replays.add(() -> assertThat(sameOutcome(outcome(() -> ledger.capture(h.hold.id(), request)), outcome)).isTrue());
            }
            case VoidHold v -> {
                if (model.holds.isEmpty()) {
                    return;
                }
                ModelHold h = model.holds.get(v.hold() % model.holds.size());
                String key = LedgerFixtures.key();
                String expected = switch (h.status) {
                    case "expired" -> "hold_expired";
                    case "pending" -> null;
                    default -> "hold_not_pending";
                };
                Object outcome = outcome(() -> ledger.voidHold(h.hold.id(), key));
                check(expected, outcome);
                if (expected == null) {
                    model.release(h);
                    h.status = "voided";
                }
                model.replays.add(() -> assertThat(sameOutcome(outcome(() -> ledger.voidHold(h.hold.id(), key)), outcome)).isTrue());
            }
            case Reverse r -> {
                if (model.transfers.isEmpty()) {
                    return;
                }
                Transaction original = model.transfers.get(r.transfer() % model.transfers.size());
                long total = original.postings().getFirst().magnitude();
                long left = total - model.reversed.getOrDefault(original.id(), 0L);
                long amount = r.amount() == null ? left : r.amount();
                AccountId debited = original.postings().get(0).accountId();
                AccountId credited = original.postings().get(1).accountId();
                ReversalRequest request = new ReversalRequest(LedgerFixtures.key(), r.amount(), null);
                String expected = left == 0 ? "transaction_already_reversed"
                        : amount > left ? "reversal_exceeds_original"
                        : model.available(credited) < amount ? "insufficient_funds" : null;
                Object outcome = outcome(() -> ledger.reverse(original.id(), request));
                check(expected, outcome);
                if (expected == null) {
                    model.move(credited, debited, amount);
                    model.reversed.merge(original.id(), amount, Long::sum);
                }
                model.replays.add(() -> assertThat(sameOutcome(outcome(() -> ledger.reverse(original.id(), request)), outcome)).isTrue());
            }
            case Retry retry -> {
                if (!model.replays.isEmpty()) {
                    model.replays.get(retry.earlier() % model.replays.size()).run();
                }
            }
            case Advance a -> clock.advance(Duration.ofMinutes(a.minutes()));
        }
    }

    private static void check(String expectedCode, Object outcome) {
        if (expectedCode == null) {
            assertThat(outcome).isNotInstanceOf(String.class);
        } else {
            assertThat(outcome).isEqualTo(expectedCode);
        }
    }

    /** A result object, or the refusal code. */
    private static Object outcome(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (LedgerException e) {
            return e.code();
        }
    }

    /** A replay returns the same transaction (or hold, now perhaps resolved) or the same refusal. */
    private static boolean sameOutcome(Object replayed, Object original) {
        if (original instanceof Hold h && replayed instanceof Hold r) {
            return h.id().equals(r.id());
        }
        return Objects.equals(replayed, original);
    }

    private static void awaitDueHoldsExpired(Model model) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (ModelHold h : model.holds) {
            if (!h.status.equals("expired")) {
                continue;
            }
            while (ledger.findHold(h.hold.id()).orElseThrow().status() != HoldStatus.EXPIRED) {
                assertThat(System.nanoTime()).as("the expiry job resolves due holds").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }
}
