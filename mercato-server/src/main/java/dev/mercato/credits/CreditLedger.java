package dev.mercato.credits;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The credits' side of the ledger. Each user has two {@code CREDIT} accounts, paid and free; the
 * system account {@code credits.issuance} is where credit comes from and goes back to: it is
 * debited when credit is granted or bought and credited when credit is drawn or expires, so its
 * balance is minus the credit outstanding in all wallets. All calls run in the caller's transaction.
 */
@Component
class CreditLedger {

    static final String ASSET = "CREDIT";
    static final int STRIPES = 8;

    private final Ledger ledger;
    private final Accounts accounts;

    CreditLedger(Ledger ledger, Accounts accounts) {
        this.ledger = ledger;
        this.accounts = accounts;
    }

    static NewAccount wallet(String userId, CreditKind kind) {
        return NewAccount.of(AccountOwner.user(userId), "credits." + kind.code(), ASSET).withScale(0);
    }

    /** Every grant, draw and expiry touches it, so it is striped like the marketplace's hot accounts. */
    static NewAccount issuance() {
        return NewAccount.of(AccountOwner.system("credits"), "credits.issuance", ASSET).withScale(0).allowingNegative()
                .striped(STRIPES);
    }

    AccountId open(String userId, CreditKind kind) {
        return accounts.openOrGet(wallet(userId, kind)).id();
    }

    AccountId issuanceAccount() {
        return accounts.idOf(issuance());
    }

    /**
     * Posts one balanced transaction moving credit between the wallet and issuance, plus any other
     * legs (the money side of a purchase) in the same transaction.
     *
     * @param paid signed change of the paid account, {@code free} of the free one
     */
    Transaction post(String key, String type, Wallets.Wallet wallet, long paid, long free, String reference,
            List<Entry> otherLegs) {
        List<Entry> entries = new ArrayList<>(otherLegs);
        leg(entries, new AccountId(wallet.paidAccountId()), paid);
        leg(entries, new AccountId(wallet.freeAccountId()), free);
        leg(entries, issuanceAccount(), -(paid + free));
        return ledger.post(new TransactionRequest(key, type, entries, null, reference, Map.of("user_id", wallet.userId())));
    }

    private static void leg(List<Entry> entries, AccountId account, long signed) {
        if (signed > 0) {
            entries.add(Entry.credit(account, signed, ASSET));
        } else if (signed < 0) {
            entries.add(Entry.debit(account, -signed, ASSET));
        }
    }
}
