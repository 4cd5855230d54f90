package dev.mercato.ledger.web;

import dev.mercato.ledger.Account;
import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.CaptureRequest;
import dev.mercato.ledger.Direction;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Hold;
import dev.mercato.ledger.HoldId;
import dev.mercato.ledger.HoldRequest;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.LedgerError;
import dev.mercato.ledger.LedgerException;
import dev.mercato.ledger.LedgerVerification;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.OwnerType;
import dev.mercato.ledger.ReversalRequest;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionId;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.ledger.VerificationReport;
import dev.mercato.ledger.web.LedgerRequests.Capture;
import dev.mercato.ledger.web.LedgerRequests.CreateAccount;
import dev.mercato.ledger.web.LedgerRequests.EntryBody;
import dev.mercato.ledger.web.LedgerRequests.PlaceHold;
import dev.mercato.ledger.web.LedgerRequests.PostTransaction;
import dev.mercato.ledger.web.LedgerRequests.Reverse;
import dev.mercato.ledger.web.LedgerRequests.UpdateAccount;
import dev.mercato.ledger.web.LedgerRequests.VoidHold;
import dev.mercato.ledger.web.LedgerViews.AccountView;
import dev.mercato.ledger.web.LedgerViews.HoldView;
import dev.mercato.ledger.web.LedgerViews.StatementLineView;
import dev.mercato.ledger.web.LedgerViews.TransactionView;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger over HTTP. An admin may use any account; a user only accounts it owns (anything else
 * answers 404, as if it did not exist). Idempotency keys from HTTP callers are namespaced per user,
 * so one user's keys never collide with another's or with keys used inside Mercato.
 */
@RestController
@RequestMapping("/v1/ledger")
class LedgerController {

    private final Ledger ledger;
    private final Accounts accounts;
    private final LedgerVerification verification;

    LedgerController(Ledger ledger, Accounts accounts, LedgerVerification verification) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.verification = verification;
    }

    // ---- accounts ----

    @PostMapping("/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    AccountView openAccount(Caller caller, @RequestBody CreateAccount body) {
        AccountOwner owner;
        if (caller.admin()) {
            OwnerType type = body.ownerType() == null ? OwnerType.USER : ownerType(body.ownerType());
            String ownerId = type == OwnerType.PLATFORM && body.ownerId() == null ? "platform" : body.ownerId();
            owner = new AccountOwner(type, ownerId == null ? caller.userId() : ownerId);
        } else {
            if ((body.ownerType() != null && !body.ownerType().equals("user"))
                    || (body.ownerId() != null && !body.ownerId().equals(caller.userId()))) {
                throw ApiException.forbidden("a user opens accounts only for itself");
            }
            if (Boolean.TRUE.equals(body.allowNegative()) || body.overdraftLimit() != null || body.stripes() != null) {
                throw ApiException.forbidden("only an admin sets allow_negative, overdraft_limit or stripes");
            }
            owner = AccountOwner.user(caller.userId());
        }
        NewAccount request = new NewAccount(owner, body.purpose(), body.asset(), body.assetScale(),
                Boolean.TRUE.equals(body.allowNegative()), body.overdraftLimit() == null ? 0 : body.overdraftLimit(),
                body.stripes() == null ? 1 : body.stripes(), body.metadata());
        Account account = accounts.open(request);
        return AccountView.of(account, accounts.balance(account.id()), null, null);
    }

    @GetMapping("/accounts")
    Page<AccountView> listAccounts(Caller caller, @RequestParam(name = "owner_id", required = false) String ownerId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        String owner = ownerId == null ? caller.userId() : ownerId;
        if (!caller.mayAccess(owner)) {
            return new Page<>(List.of(), false);
        }
        int size = Page.limit(limit);
        List<Account> rows = accounts.ofOwner(owner, startingAfter == null ? null : new AccountId(startingAfter), size + 1);
        return Page.fromOverfetch(rows, size).map(a -> AccountView.of(a, accounts.balance(a.id()), null, null));
    }

    @GetMapping("/accounts/{id}")
    AccountView account(Caller caller, @PathVariable String id,
            @RequestParam(name = "as_of", required = false) Instant asOf) {
        Account account = visibleAccount(caller, id);
        Long postedAsOf = asOf == null ? null : accounts.postedBalanceAt(account.id(), asOf);
        return AccountView.of(account, accounts.balance(account.id()), asOf, postedAsOf);
    }

    @PatchMapping("/accounts/{id}")
    AccountView updateAccount(Caller caller, @PathVariable String id, @RequestBody UpdateAccount body) {
        caller.requireAdmin();
        Account account = visibleAccount(caller, id);
        if (body.overdraftLimit() == null) {
            throw ApiException.invalid("validation_failed", "overdraft_limit is the only field that can change");
        }
        Account changed = accounts.changeOverdraftLimit(account.id(), body.overdraftLimit());
        return AccountView.of(changed, accounts.balance(changed.id()), null, null);
    }

    @GetMapping("/accounts/{id}/statement")
    Page<StatementLineView> statement(Caller caller, @PathVariable String id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) Long startingAfter) {
        Account account = visibleAccount(caller, id);
        int size = Page.limit(limit);
        return Page.fromOverfetch(accounts.statement(account.id(), startingAfter, size + 1), size)
                .map(StatementLineView::of);
    }

    // ---- transactions ----

    @PostMapping("/transactions")
    @ResponseStatus(HttpStatus.CREATED)
    TransactionView post(Caller caller, @RequestBody PostTransaction body,
            @RequestHeader(name = "Idempotency-Key", required = false) String header) {
        List<Entry> entries = new ArrayList<>();
        for (EntryBody e : body.entries() == null ? List.<EntryBody>of() : body.entries()) {
            if (e == null || e.accountId() == null || e.amount() == null || e.direction() == null) {
                throw new LedgerException(LedgerError.VALIDATION_FAILED, "every entry needs account_id, direction and amount");
            }
            entries.add(new Entry(usableAccount(caller, e.accountId()), direction(e.direction()), e.amount(), e.asset()));
        }
        Transaction posted = ledger.post(new TransactionRequest(key(caller, body.idempotencyKey(), header), body.type(),
                entries, body.effectiveAt(), body.reference(), body.metadata()));
        return TransactionView.of(posted);
    }

    @GetMapping("/transactions/{id}")
    TransactionView transaction(Caller caller, @PathVariable String id) {
        return TransactionView.of(visibleTransaction(caller, id));
    }

    @PostMapping("/transactions/{id}/reverse")
    @ResponseStatus(HttpStatus.CREATED)
    TransactionView reverse(Caller caller, @PathVariable String id, @RequestBody(required = false) Reverse body,
            @RequestHeader(name = "Idempotency-Key", required = false) String header) {
        Transaction original = visibleTransaction(caller, id);
        if (!caller.admin()) {
            original.postings().forEach(p -> visibleAccount(caller, p.accountId().value()));
        }
        Reverse request = body == null ? new Reverse(null, null, null) : body;
        return TransactionView.of(ledger.reverse(original.id(),
                new ReversalRequest(key(caller, request.idempotencyKey(), header), request.amount(), request.reason())));
    }

    // ---- holds ----

    @PostMapping("/holds")
    @ResponseStatus(HttpStatus.CREATED)
    HoldView placeHold(Caller caller, @RequestBody PlaceHold body,
            @RequestHeader(name = "Idempotency-Key", required = false) String header) {
        if (body.debitAccountId() == null || body.creditAccountId() == null || body.amount() == null) {
            throw new LedgerException(LedgerError.VALIDATION_FAILED,
                    "a hold needs debit_account_id, credit_account_id and amount");
        }
        Hold hold = ledger.placeHold(new HoldRequest(key(caller, body.idempotencyKey(), header),
                usableAccount(caller, body.debitAccountId()), usableAccount(caller, body.creditAccountId()),
                body.amount(), body.asset(), body.expiresAt(), body.reference(), body.metadata(),
                body.expiresInSeconds() == null ? null : Duration.ofSeconds(body.expiresInSeconds())));
        return HoldView.of(hold);
    }

    @GetMapping("/holds/{id}")
    HoldView hold(Caller caller, @PathVariable String id) {
        return HoldView.of(visibleHold(caller, id, false));
    }

    @PostMapping("/holds/{id}/capture")
    TransactionView capture(Caller caller, @PathVariable String id, @RequestBody(required = false) Capture body,
            @RequestHeader(name = "Idempotency-Key", required = false) String header) {
        Hold hold = visibleHold(caller, id, true);
        Capture request = body == null ? new Capture(null, null) : body;
        return TransactionView.of(ledger.capture(hold.id(),
                new CaptureRequest(key(caller, request.idempotencyKey(), header), request.amount())));
    }

    @PostMapping("/holds/{id}/void")
    HoldView voidHold(Caller caller, @PathVariable String id, @RequestBody(required = false) VoidHold body,
            @RequestHeader(name = "Idempotency-Key", required = false) String header) {
        Hold hold = visibleHold(caller, id, true);
        return HoldView.of(ledger.voidHold(hold.id(), key(caller, body == null ? null : body.idempotencyKey(), header)));
    }

    // ---- verification ----

    @GetMapping("/verify")
    VerificationReport verify(Caller caller) {
        caller.requireAdmin();
        return verification.verify();
    }

    // ---- helpers ----

    private Account visibleAccount(Caller caller, String id) {
        return accounts.find(new AccountId(id))
                .filter(a -> caller.admin() || (a.owner().type() == OwnerType.USER && a.owner().id().equals(caller.userId())))
                .orElseThrow(() -> new LedgerException(LedgerError.ACCOUNT_NOT_FOUND, "no account " + id));
    }

    /**
     * An account a command may name. An admin may name any: the ledger itself refuses unknown
     * accounts, so the write path needs no extra lookup. A user may name only its own.
     */
    private AccountId usableAccount(Caller caller, String id) {
        return caller.admin() ? new AccountId(id) : visibleAccount(caller, id).id();
    }

    private Transaction visibleTransaction(Caller caller, String id) {
        return ledger.findTransaction(new TransactionId(id))
                .filter(t -> caller.admin() || t.postings().stream().anyMatch(p -> owns(caller, p.accountId())))
                .orElseThrow(() -> new LedgerException(LedgerError.TRANSACTION_NOT_FOUND, "no transaction " + id));
    }

    /** A user sees a hold touching one of its accounts, and acts on it only when both accounts are its own. */
    private Hold visibleHold(Caller caller, String id, boolean acting) {
        return ledger.findHold(new HoldId(id))
                .filter(h -> caller.admin() || (acting
                        ? owns(caller, h.debitAccount()) && owns(caller, h.creditAccount())
                        : Stream.of(h.debitAccount(), h.creditAccount()).anyMatch(a -> owns(caller, a))))
                .orElseThrow(() -> new LedgerException(LedgerError.HOLD_NOT_FOUND, "no hold " + id));
    }

    private boolean owns(Caller caller, AccountId account) {
        return accounts.find(account)
                .map(a -> a.owner().type() == OwnerType.USER && a.owner().id().equals(caller.userId()))
                .orElse(false);
    }

    /**
     * The ledger key for an HTTP request: the body's idempotency_key, else the Idempotency-Key
     * header, else a fresh one (such a request is not safe to retry). Namespaced by user.
     */
    private static String key(Caller caller, String bodyKey, String header) {
        String key = bodyKey != null ? bodyKey : header != null ? header : UUID.randomUUID().toString();
        if (key.isEmpty() || key.length() > 200) {
            throw new LedgerException(LedgerError.VALIDATION_FAILED, "idempotency_key must be 1 to 200 characters");
        }
        return "api:" + caller.userId() + ":" + key;
    }

    private static Direction direction(String value) {
        return switch (value) {
            case "debit" -> Direction.DEBIT;
            case "credit" -> Direction.CREDIT;
            default -> throw new LedgerException(LedgerError.VALIDATION_FAILED, "direction must be 'debit' or 'credit'");
        };
    }

    private static OwnerType ownerType(String value) {
        try {
            return OwnerType.of(value);
        } catch (IllegalArgumentException e) {
            throw new LedgerException(LedgerError.VALIDATION_FAILED, "owner_type must be user, platform or system");
        }
    }
}
