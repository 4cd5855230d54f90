package dev.mercato.rewards;

import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.NewAccount;
import dev.mercato.platform.ApiException;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The token economy's ledger accounts (docs/rewards.md "The ledger behind it"), and the lots a
 * wallet's tokens are taken from. Every method runs in the caller's transaction.
 */
@Component
class TokenAccounts {

    private static final int STRIPES = 8;

    private final Accounts accounts;
    private final RewardStore store;
    private final String asset;

    TokenAccounts(Accounts accounts, RewardStore store, RewardsProperties properties) {
        this.accounts = accounts;
        this.store = store;
        this.asset = properties.asset();
    }

    String asset() {
        return asset;
    }

    /** Issues every token: minus its balance is the tokens ever issued and not returned. */
    AccountId treasury() {
        return accounts.idOf(system("rewards.treasury").allowingNegative().striped(STRIPES));
    }

    /** Tokens spent and burned: out of circulation for good. */
    AccountId burned() {
        return accounts.idOf(system("rewards.burned").striped(STRIPES));
    }

    /** Tokens redeemed for cash, credits, features or vouchers: out of circulation for good. */
    AccountId redeemed() {
        return accounts.idOf(system("rewards.redeemed").striped(STRIPES));
    }

    /** Tokens whose lot expired before they were used. */
    AccountId expired() {
        return accounts.idOf(system("rewards.expired").striped(STRIPES));
    }

    AccountId wallet(String userId) {
        return accounts.openOrGet(NewAccount.of(AccountOwner.user(userId), "rewards.wallet", asset).withScale(0)).id();
    }

    /**
     * The platform's money behind cash redemptions: debited by each token's face value, so minus its
     * balance is what the platform has paid for redeemed tokens, fees included.
     */
    AccountId funding(String currency) {
        return accounts.idOf(NewAccount.of(AccountOwner.platform(), "rewards.funding", currency).allowingNegative()
                .striped(STRIPES));
    }

    /** The platform's fees on cash redemptions (20 % of the face value by default). */
    AccountId redemptionFees(String currency) {
        return accounts.idOf(NewAccount.of(AccountOwner.platform(), "rewards.redemption_fees", currency).striped(STRIPES));
    }

    /**
     * Takes {@code tokens} from the user's unexpired lots, soonest-expiring first, under the lock on
     * the user's wallet that every spend, redemption and expiry takes first: two of them never
     * take the same tokens. The caller posts the matching ledger transaction in its transaction.
     *
     * @return what the user had to spend before
     * @throws ApiException 422 {@code insufficient_tokens} when the lots hold fewer; nothing is taken
     */
    long take(String userId, long tokens, Instant now, String what) {
        store.lockWallet(userId);
        List<Award> lots = store.spendable(userId, now, asset);
        long available = lots.stream().mapToLong(Award::remaining).sum();
        if (available < tokens) {
            throw new ApiException(422, "insufficient_tokens", what + " costs " + tokens + " " + asset + "; the balance is "
                    + available, java.util.Map.of("balance", available, "needed", tokens));
        }
        long left = tokens;
        for (Award lot : lots) {
            if (left == 0) {
                break;
            }
            long part = Math.min(left, lot.remaining());
            store.take(lot.id(), part);
            left -= part;
        }
        return available;
    }

    private NewAccount system(String purpose) {
        return NewAccount.of(AccountOwner.system("rewards"), purpose, asset).withScale(0);
    }
}
