package dev.mercato.referrals;

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
 * Rewards held while a referral vests, in the ledger (ADR 0023). Each user has a
 * {@code referrals.vesting} account per asset (tokens, credits) holding what is promised to them
 * and not yet theirs; the system account {@code referrals.commitments} is its counterpart and goes
 * negative by everything promised. Paying or cancelling a referral moves its rewards back from
 * vesting to commitments; the payment itself is the rewards and credits modules' own transaction,
 * in the same database transaction. Nothing here is spendable: no module draws on these accounts.
 */
@Component
class ReferralLedger {

    private final Ledger ledger;
    private final Accounts accounts;

    ReferralLedger(Ledger ledger, Accounts accounts) {
        this.ledger = ledger;
        this.accounts = accounts;
    }

    static NewAccount vesting(String userId, String asset) {
        return NewAccount.of(AccountOwner.user(userId), "referrals.vesting", asset).withScale(0);
    }

    static NewAccount commitments(String asset) {
        return NewAccount.of(AccountOwner.system("referrals"), "referrals.commitments", asset).withScale(0)
                .allowingNegative().striped(4);
    }

    /** Promises a referral's rewards: commitments to each user's vesting account. */
    Transaction hold(String referralId, List<ReferralReward> rewards) {
        return post("referral-hold:" + referralId, "referrals.hold", referralId, rewards, true);
    }

    /** Ends the promise when the rewards are paid ({@code referrals.release}) or cancelled ({@code referrals.cancel}). */
    Transaction end(String referralId, List<ReferralReward> rewards, boolean paid) {
        String type = paid ? "referrals.release" : "referrals.cancel";
        return post(type.replace('.', '-') + ":" + referralId, type, referralId, rewards, false);
    }

    /** What is held for the user in this asset now. */
    long held(String userId, String asset) {
        return accounts.find(AccountOwner.user(userId), "referrals.vesting", asset)
                .map(a -> accounts.balance(a.id()).posted()).orElse(0L);
    }

    private Transaction post(String key, String type, String referralId, List<ReferralReward> rewards, boolean promise) {
        List<Entry> entries = new ArrayList<>();
        for (ReferralReward reward : rewards) {
            var user = accounts.openOrGet(vesting(reward.userId(), reward.asset())).id();
            var system = accounts.openOrGet(commitments(reward.asset())).id();
            entries.add(promise ? Entry.debit(system, reward.amount(), reward.asset())
                    : Entry.debit(user, reward.amount(), reward.asset()));
            entries.add(promise ? Entry.credit(user, reward.amount(), reward.asset())
                    : Entry.credit(system, reward.amount(), reward.asset()));
        }
        return ledger.post(new TransactionRequest(key, type, entries, null, referralId, Map.of("referral_id", referralId)));
    }
}
