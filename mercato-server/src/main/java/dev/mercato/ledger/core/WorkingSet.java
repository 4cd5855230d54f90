package dev.mercato.ledger.core;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.HoldId;
import dev.mercato.ledger.Posting;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one batch reads and writes: loaded (and locked) state going in, new rows coming out.
 * The engine fills the inputs from the database, the {@link BatchProcessor} changes them in
 * memory, and the engine flushes the outputs in a handful of statements.
 */
public final class WorkingSet {

    /** A transaction that may be reversed, with the postings of reversals already made. */
    public record Reversible(Transaction transaction, List<Posting> reversedSoFar) {
    }

    private final Map<AccountId, AccountRules> accounts = new HashMap<>();
    private final Map<AccountId, Map<Integer, BalanceRow>> balances = new HashMap<>();
    private final Map<AccountId, Integer> chosenStripes = new HashMap<>();
    private final Map<String, StoredRequest> requests = new HashMap<>();
    private final Map<HoldId, HoldState> holds = new HashMap<>();
    private final Map<TransactionId, Reversible> reversibles = new HashMap<>();

    final List<StoredRequest> newRequests = new ArrayList<>();
    final List<Transaction> newTransactions = new ArrayList<>();
    final List<NewPosting> newPostings = new ArrayList<>();
    final Map<HoldId, HoldState> newHolds = new LinkedHashMap<>();
    final Map<HoldId, HoldState> changedHolds = new LinkedHashMap<>();

    // ---- inputs, filled by the engine ----

    public void addAccount(AccountRules rules) {
        accounts.put(rules.id(), rules);
    }

    public void addBalance(BalanceRow row) {
        balances.computeIfAbsent(row.account, a -> new HashMap<>()).put(row.stripe, row);
    }

    public void chooseStripe(AccountId account, int stripe) {
        chosenStripes.put(account, stripe);
    }

    public void addStoredRequest(StoredRequest request) {
        requests.put(request.idempotencyKey(), request);
    }

    public void addHold(HoldState hold) {
        holds.put(hold.hold().id(), hold);
    }

    public void addReversible(Reversible reversible) {
        reversibles.put(reversible.transaction().id(), reversible);
    }

    // ---- reads for the processor ----

    AccountRules account(AccountId id) {
        return accounts.get(id);
    }

    public Map<AccountId, AccountRules> accounts() {
        return accounts;
    }

    int chosenStripe(AccountId account) {
        return chosenStripes.getOrDefault(account, 0);
    }

    BalanceRow row(AccountId account, int stripe) {
        Map<Integer, BalanceRow> rows = balances.get(account);
        BalanceRow row = rows == null ? null : rows.get(stripe);
        if (row == null) {
            throw new IllegalStateException("balance row " + account + "#" + stripe + " was not loaded");
        }
        return row;
    }

    /** Available balance summed over the loaded stripes (all stripes are loaded for a limited account a batch may debit). */
    long available(AccountId account) {
        long sum = 0;
        for (BalanceRow row : balances.getOrDefault(account, Map.of()).values()) {
            sum = Math.addExact(sum, row.posted - row.pendingDebits);
        }
        return sum;
    }

    StoredRequest request(String key) {
        return requests.get(key);
    }

    HoldState hold(HoldId id) {
        return holds.get(id);
    }

    Reversible reversible(TransactionId id) {
        return reversibles.get(id);
    }

    // ---- outputs, written by the processor ----

    void record(StoredRequest request) {
        requests.put(request.idempotencyKey(), request);
        newRequests.add(request);
    }

    void record(Transaction transaction, List<NewPosting> postings) {
        newTransactions.add(transaction);
        newPostings.addAll(postings);
        if (transaction.reverses() != null) {
            Reversible original = reversibles.get(transaction.reverses());
            List<Posting> reversed = new ArrayList<>(original.reversedSoFar());
            reversed.addAll(transaction.postings());
            reversibles.put(original.transaction().id(), new Reversible(original.transaction(), reversed));
        }
    }

    void recordNewHold(HoldState hold) {
        holds.put(hold.hold().id(), hold);
        newHolds.put(hold.hold().id(), hold);
    }

    void recordChangedHold(HoldState hold) {
        holds.put(hold.hold().id(), hold);
        if (newHolds.containsKey(hold.hold().id())) {
            newHolds.put(hold.hold().id(), hold);
        } else {
            changedHolds.put(hold.hold().id(), hold);
        }
    }

    public List<StoredRequest> newRequests() {
        return newRequests;
    }

    public List<Transaction> newTransactions() {
        return newTransactions;
    }

    public List<NewPosting> newPostings() {
        return newPostings;
    }

    public List<HoldState> newHolds() {
        return List.copyOf(newHolds.values());
    }

    public List<HoldState> changedHolds() {
        return List.copyOf(changedHolds.values());
    }

    public List<BalanceRow> changedBalances() {
        List<BalanceRow> changed = new ArrayList<>();
        balances.values().forEach(rows -> rows.values().stream().filter(BalanceRow::changed).forEach(changed::add));
        return changed;
    }
}
