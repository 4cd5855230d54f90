package dev.mercato.ledger.core;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.Allocation;
import dev.mercato.ledger.Direction;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Hold;
import dev.mercato.ledger.HoldId;
import dev.mercato.ledger.HoldRequest;
import dev.mercato.ledger.HoldStatus;
import dev.mercato.ledger.LedgerError;
import dev.mercato.ledger.LedgerException;
import dev.mercato.ledger.Posting;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionId;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Applies ledger commands, one after another, to a {@link WorkingSet} whose rows the engine has
 * locked. Each command is checked completely before it changes anything, so a refused command
 * leaves the working set as it found it and never disturbs its neighbours in the batch.
 */
public final class BatchProcessor {

    private final Instant now;
    private final Function<String, String> ids;

    /**
     * @param now the time of this batch
     * @param ids makes a new id for a prefix ({@code txn}, {@code hold})
     */
    public BatchProcessor(Instant now, Function<String, String> ids) {
        this.now = now;
        this.ids = ids;
    }

    public Outcome process(Command command, WorkingSet ws) {
        String key = command.idempotencyKey();
        byte[] hash = key == null ? null : RequestHash.of(command);
        try {
            if (key != null) {
                StoredRequest earlier = ws.request(key);
                if (earlier != null) {
                    return replay(earlier, hash);
                }
            }
            Object result = switch (command) {
                case Command.Post post -> post(post, ws);
                case Command.PlaceHold hold -> placeHold(hold, ws);
                case Command.Capture capture -> capture(capture, ws);
                case Command.Void v -> voidHold(v, ws);
                case Command.Reverse reverse -> reverse(reverse, ws);
                case Command.Expire expire -> expire(expire.hold(), ws);
            };
            if (key != null) {
                String resultId = result instanceof Transaction t ? t.id().value() : ((Hold) result).id().value();
                ws.record(new StoredRequest(key, hash, command.name(), resultId, null, null));
            }
            return result == null ? Outcome.nothing() : Outcome.of(result);
        } catch (LedgerException refused) {
            if (key != null && refused.error() != LedgerError.IDEMPOTENCY_KEY_REUSED) {
                ws.record(new StoredRequest(key, hash, command.name(), null, refused.code(), refused.getMessage()));
            }
            return Outcome.failed(refused);
        }
    }

    private static Outcome replay(StoredRequest earlier, byte[] hash) {
        if (!MessageDigest.isEqual(earlier.requestHash(), hash)) {
            throw new LedgerException(LedgerError.IDEMPOTENCY_KEY_REUSED,
                    "idempotency key '" + earlier.idempotencyKey() + "' was already used for a different request");
        }
        if (earlier.errorCode() != null) {
            return Outcome.failed(new LedgerException(LedgerError.ofCode(earlier.errorCode()), earlier.errorMessage()));
        }
        return Outcome.replay(earlier.resultId());
    }

    // ---- commands ----

    private Transaction post(Command.Post post, WorkingSet ws) {
        var r = post.request();
        return applyEntries(ws, r.type(), r.entries(), r.effectiveAt() == null ? now : micros(r.effectiveAt()), r.reference(),
                null, null, r.metadata(), ws::chosenStripe);
    }

    private Hold placeHold(Command.PlaceHold command, WorkingSet ws) {
        var r = command.request();
        // Checked here, after any replay: a retry of a hold placed earlier returns that hold even
        // once its expiry time has passed.
        if (r.expiresAt() != null && !r.expiresAt().isAfter(now)) {
            throw new LedgerException(LedgerError.INVALID_EXPIRY, "expires_at must be in the future");
        }
        AccountRules debit = account(ws, r.debitAccount());
        AccountRules credit = account(ws, r.creditAccount());
        String asset = r.asset() == null ? debit.asset() : r.asset();
        if (!debit.asset().equals(asset) || !credit.asset().equals(asset)) {
            throw new LedgerException(LedgerError.ASSET_MISMATCH, "a hold moves one asset: " + asset + " requested, accounts hold "
                    + debit.asset() + " and " + credit.asset());
        }
        int debitStripe = ws.chosenStripe(debit.id());
        int creditStripe = ws.chosenStripe(credit.id());
        requireFunds(ws, debit, -r.amount());
        BalanceRow debitRow = ws.row(debit.id(), debitStripe);
        BalanceRow creditRow = ws.row(credit.id(), creditStripe);
        long newPendingDebits = exact(debitRow.pendingDebits, r.amount());
        long newPendingCredits = exact(creditRow.pendingCredits, r.amount());

        debitRow.pendingDebits = newPendingDebits;
        debitRow.changed = true;
        creditRow.pendingCredits = newPendingCredits;
        creditRow.changed = true;
        Hold hold = new Hold(new HoldId(ids.apply("hold")), debit.id(), credit.id(), asset, r.amount(), HoldStatus.PENDING,
                0, null, expiry(r), r.reference(), r.metadata(), now, null);
        ws.recordNewHold(new HoldState(hold, debitStripe, creditStripe));
        return hold;
    }

    private Instant expiry(HoldRequest r) {
        return r.expiresIn() != null ? micros(now.plus(r.expiresIn())) : r.expiresAt() == null ? null : micros(r.expiresAt());
    }

    private Transaction capture(Command.Capture command, WorkingSet ws) {
        HoldState state = pendingHold(command.hold(), ws);
        Hold hold = state.hold();
        long amount = command.request().amount() == null ? hold.amount() : command.request().amount();
        if (amount > hold.amount()) {
            throw new LedgerException(LedgerError.CAPTURE_EXCEEDS_HOLD,
                    "cannot capture " + amount + " from a hold of " + hold.amount());
        }
        release(state, ws);
        Transaction capture;
        try {
            capture = applyEntries(ws, "hold.capture",
                    List.of(Entry.debit(hold.debitAccount(), amount, hold.asset()),
                            Entry.credit(hold.creditAccount(), amount, hold.asset())),
                    now, hold.reference(), null, hold.id(), hold.metadata(),
                    account -> account.equals(hold.debitAccount()) ? state.debitStripe() : state.creditStripe());
        } catch (LedgerException e) {
            reserve(state, ws);
            throw e;
        }
        ws.recordChangedHold(state.with(resolved(hold, HoldStatus.CAPTURED, amount, capture.id(), now)));
        return capture;
    }

    private Hold voidHold(Command.Void command, WorkingSet ws) {
        HoldState state = pendingHold(command.hold(), ws);
        release(state, ws);
        Hold voided = resolved(state.hold(), HoldStatus.VOIDED, 0, null, now);
        ws.recordChangedHold(state.with(voided));
        return voided;
    }

    /** Expires a pending hold whose time has come; anything else is left alone. Its resolution time is exact. */
    private Hold expire(HoldId id, WorkingSet ws) {
        HoldState state = ws.hold(id);
        if (state == null || state.hold().status() != HoldStatus.PENDING || !due(state.hold())) {
            return null;
        }
        release(state, ws);
        Hold expired = resolved(state.hold(), HoldStatus.EXPIRED, 0, null, state.hold().expiresAt());
        ws.recordChangedHold(state.with(expired));
        return expired;
    }

    private Transaction reverse(Command.Reverse command, WorkingSet ws) {
        WorkingSet.Reversible reversible = ws.reversible(command.original());
        if (reversible == null) {
            throw new LedgerException(LedgerError.TRANSACTION_NOT_FOUND, "no transaction " + command.original());
        }
        Transaction original = reversible.transaction();
        if (original.reverses() != null) {
            throw new LedgerException(LedgerError.CANNOT_REVERSE_REVERSAL,
                    original.id() + " is itself a reversal; post a new transaction instead");
        }
        Map<AccountId, Long> remaining = new LinkedHashMap<>();
        Map<AccountId, String> assets = new HashMap<>();
        for (Posting p : original.postings()) {
            remaining.merge(p.accountId(), p.amount(), Math::addExact);
            assets.put(p.accountId(), p.asset());
        }
        for (Posting p : reversible.reversedSoFar()) {
            remaining.merge(p.accountId(), p.amount(), Math::addExact);
        }
        remaining.values().removeIf(v -> v == 0);
        if (remaining.isEmpty()) {
            throw new LedgerException(LedgerError.TRANSACTION_ALREADY_REVERSED, original.id() + " is already fully reversed");
        }
        Long amount = command.request().amount();
        List<Entry> entries = amount == null ? fullReversal(remaining, assets) : partialReversal(remaining, assets, amount);
        Map<String, String> metadata = command.request().reason() == null ? Map.of()
                : Map.of("reason", command.request().reason());
        return applyEntries(ws, "reversal", entries, now, original.reference(), original.id(), null, metadata,
                ws::chosenStripe);
    }

    private static List<Entry> fullReversal(Map<AccountId, Long> remaining, Map<AccountId, String> assets) {
        List<Entry> entries = new ArrayList<>();
        remaining.forEach((account, left) -> entries.add(
                new Entry(account, left > 0 ? Direction.DEBIT : Direction.CREDIT, Math.abs(left), assets.get(account))));
        return entries;
    }

    private static List<Entry> partialReversal(Map<AccountId, Long> remaining, Map<AccountId, String> assets, long amount) {
        if (remaining.keySet().stream().map(assets::get).distinct().count() > 1) {
            throw new LedgerException(LedgerError.PARTIAL_REVERSAL_NEEDS_SINGLE_ASSET,
                    "a partial reversal by amount needs a single-asset transaction");
        }
        List<AccountId> credited = remaining.keySet().stream().filter(a -> remaining.get(a) > 0).toList();
        List<AccountId> debited = remaining.keySet().stream().filter(a -> remaining.get(a) < 0).toList();
        long reversible = credited.stream().mapToLong(remaining::get).sum();
        if (amount > reversible) {
            throw new LedgerException(LedgerError.REVERSAL_EXCEEDS_ORIGINAL,
                    "only " + reversible + " of the original is left to reverse, " + amount + " requested");
        }
        List<Entry> entries = new ArrayList<>();
        long[] debits = Allocation.largestRemainder(amount, credited.stream().mapToLong(remaining::get).toArray());
        for (int i = 0; i < credited.size(); i++) {
            if (debits[i] > 0) {
                entries.add(Entry.debit(credited.get(i), debits[i], assets.get(credited.get(i))));
            }
        }
        long[] credits = Allocation.largestRemainder(amount, debited.stream().mapToLong(a -> -remaining.get(a)).toArray());
        for (int i = 0; i < debited.size(); i++) {
            if (credits[i] > 0) {
                entries.add(Entry.credit(debited.get(i), credits[i], assets.get(debited.get(i))));
            }
        }
        return entries;
    }

    // ---- shared steps ----

    /**
     * Checks and posts balanced entries. Checks, in order: accounts exist, assets match, each asset
     * balances, no limited account falls below its limit, no balance overflows. Only then are the
     * balance rows changed.
     */
    private Transaction applyEntries(WorkingSet ws, String type, List<Entry> entries, Instant effectiveAt,
            String reference, TransactionId reverses, HoldId holdId, Map<String, String> metadata,
            ToIntFunction<AccountId> stripeOf) {
        Map<String, Long> perAsset = new TreeMap<>();
        Map<AccountId, Long> net = new LinkedHashMap<>();
        List<String> assets = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            AccountRules rules = account(ws, e.accountId());
            if (e.asset() != null && !e.asset().equals(rules.asset())) {
                throw new LedgerException(LedgerError.ASSET_MISMATCH,
                        "entry for " + rules.id() + " is in " + e.asset() + " but the account holds " + rules.asset());
            }
            assets.add(rules.asset());
            try {
                perAsset.merge(rules.asset(), e.signedAmount(), Math::addExact);
                net.merge(rules.id(), e.signedAmount(), Math::addExact);
            } catch (ArithmeticException overflow) {
                throw new LedgerException(LedgerError.AMOUNT_OVERFLOW, "the entries' amounts overflow a 64-bit sum");
            }
        }
        perAsset.forEach((asset, sum) -> {
            if (sum != 0) {
                throw new LedgerException(LedgerError.UNBALANCED_TRANSACTION,
                        "debits and credits of " + asset + " differ by " + Math.abs(sum) + "; each asset must balance");
            }
        });
        net.forEach((account, delta) -> {
            if (delta < 0) {
                requireFunds(ws, ws.account(account), delta);
            }
        });
        Map<BalanceRow, Long> finalPosted = new IdentityHashMap<>();
        for (Entry e : entries) {
            BalanceRow row = ws.row(e.accountId(), stripeOf.applyAsInt(e.accountId()));
            finalPosted.put(row, exact(finalPosted.getOrDefault(row, row.posted), e.signedAmount()));
        }

        TransactionId id = new TransactionId(ids.apply("txn"));
        List<NewPosting> rows = new ArrayList<>(entries.size());
        List<Posting> postings = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            BalanceRow row = ws.row(e.accountId(), stripeOf.applyAsInt(e.accountId()));
            row.posted += e.signedAmount();
            row.version++;
            row.changed = true;
            rows.add(new NewPosting(id, e.accountId(), row.stripe, assets.get(i), e.signedAmount(), row.posted,
                    row.version, effectiveAt));
            postings.add(new Posting(e.accountId(), assets.get(i), e.signedAmount()));
        }
        Transaction transaction = new Transaction(id, type, List.copyOf(postings), effectiveAt, now, reference, reverses,
                holdId, metadata);
        ws.record(transaction, rows);
        return transaction;
    }

    private static void requireFunds(WorkingSet ws, AccountRules account, long delta) {
        if (account.allowNegative()) {
            return;
        }
        long available = ws.available(account.id());
        boolean enough;
        try {
            enough = Math.addExact(available, delta) >= -account.overdraftLimit();
        } catch (ArithmeticException overflow) {
            enough = false;
        }
        if (!enough) {
            throw new LedgerException(LedgerError.INSUFFICIENT_FUNDS, "account " + account.id() + " has " + available
                    + " available" + (account.overdraftLimit() > 0 ? " plus an overdraft of " + account.overdraftLimit() : "")
                    + " but " + -delta + " was requested");
        }
    }

    private HoldState pendingHold(HoldId id, WorkingSet ws) {
        HoldState state = ws.hold(id);
        if (state == null) {
            throw new LedgerException(LedgerError.HOLD_NOT_FOUND, "no hold " + id);
        }
        // Expired answers the same whether or not the expiry job got to the hold first.
        if (state.hold().status() == HoldStatus.EXPIRED) {
            throw new LedgerException(LedgerError.HOLD_EXPIRED, "hold " + id + " expired at " + state.hold().expiresAt());
        }
        if (state.hold().status() != HoldStatus.PENDING) {
            throw new LedgerException(LedgerError.HOLD_NOT_PENDING,
                    "hold " + id + " is already " + state.hold().status().code());
        }
        if (due(state.hold())) {
            expire(id, ws);
            throw new LedgerException(LedgerError.HOLD_EXPIRED, "hold " + id + " expired at " + state.hold().expiresAt());
        }
        return state;
    }

    private boolean due(Hold hold) {
        return hold.expiresAt() != null && !now.isBefore(hold.expiresAt());
    }

    private static void release(HoldState state, WorkingSet ws) {
        BalanceRow debit = ws.row(state.hold().debitAccount(), state.debitStripe());
        BalanceRow credit = ws.row(state.hold().creditAccount(), state.creditStripe());
        debit.pendingDebits -= state.hold().amount();
        debit.changed = true;
        credit.pendingCredits -= state.hold().amount();
        credit.changed = true;
    }

    private static void reserve(HoldState state, WorkingSet ws) {
        ws.row(state.hold().debitAccount(), state.debitStripe()).pendingDebits += state.hold().amount();
        ws.row(state.hold().creditAccount(), state.creditStripe()).pendingCredits += state.hold().amount();
    }

    private static Hold resolved(Hold hold, HoldStatus status, long captured, TransactionId capture, Instant at) {
        if (!hold.status().canMoveTo(status)) {
            throw new IllegalStateException("hold " + hold.id() + " cannot move from " + hold.status() + " to " + status);
        }
        return new Hold(hold.id(), hold.debitAccount(), hold.creditAccount(), hold.asset(), hold.amount(), status,
                captured, capture, hold.expiresAt(), hold.reference(), hold.metadata(), hold.createdAt(), at);
    }

    private static AccountRules account(WorkingSet ws, AccountId id) {
        AccountRules rules = ws.account(id);
        if (rules == null) {
            throw new LedgerException(LedgerError.ACCOUNT_NOT_FOUND, "no account " + id);
        }
        return rules;
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static long exact(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException overflow) {
            throw new LedgerException(LedgerError.BALANCE_OVERFLOW, "the balance would overflow 64 bits");
        }
    }
}
