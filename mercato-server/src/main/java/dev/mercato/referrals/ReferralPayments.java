package dev.mercato.referrals;

import dev.mercato.credits.CreditLot;
import dev.mercato.credits.Credits;
import dev.mercato.credits.InsufficientCreditsException;
import dev.mercato.identity.UserManagement;
import dev.mercato.ledger.LedgerException;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.rewards.AwardRequest;
import dev.mercato.rewards.Rewards;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pays a referral's held rewards once they vest, and claws them back when the qualifying purchase
 * is refunded (ADR 0023). Each referral is changed in a transaction of its own under a lock on its
 * row, so the vesting job, a redelivered event and a refund never pay or take back twice; the
 * ledger movements (the end of the hold, the award, the credit grant, the take-back) commit with
 * the referral's new status or not at all.
 */
@Service
public class ReferralPayments {

    private static final Logger log = LoggerFactory.getLogger(ReferralPayments.class);
    static final String CREDIT = "CREDIT";
    private static final int BATCH = 100;
    private static final int ATTEMPTS = 3;

    private final ReferralStore store;
    private final ReferralLedger ledger;
    private final Rewards rewards;
    private final Credits credits;
    private final UserManagement users;
    private final TransactionTemplate ownTransaction;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Clock clock;

    ReferralPayments(ReferralStore store, ReferralLedger ledger, Rewards rewards, Credits credits, UserManagement users,
            PlatformTransactionManager transactionManager, ApplicationEventPublisher events, AuditLog audit, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.rewards = rewards;
        this.credits = credits;
        this.users = users;
        // Always a transaction of its own, also when called from an event listener's: a refused
        // payment rolls back alone and its error is recorded, and a claw-back can be retried.
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /** The vesting job: pays every referral whose hold has ended. @return how many were paid */
    public int releaseDue() {
        int paid = 0;
        List<String> due = store.due(clock.instant(), BATCH);
        Set<String> tried = new HashSet<>();
        while (!due.isEmpty()) {
            for (String id : due) {
                if (tried.add(id) && release(id)) {
                    paid++;
                }
            }
            if (due.size() < BATCH) {
                break;
            }
            due = store.due(clock.instant(), BATCH).stream().filter(id -> !tried.contains(id)).toList();
        }
        return paid;
    }

    /** Pays a referral that is due now once the transaction that qualified it has committed (at once outside one). */
    void releaseAfterCommit(String referralId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            release(referralId);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                release(referralId);
            }
        });
    }

    /**
     * Pays a referral that is due: ends the hold and pays each side through the rewards and credits
     * modules, in one transaction. When a payment is refused (the token rule switched off or capped
     * meanwhile) nothing is paid, the referral stays {@code qualified} with the error, and the job
     * tries again on its next run.
     *
     * @return whether this call paid it
     */
    boolean release(String referralId) {
        try {
            return Boolean.TRUE.equals(ownTransaction.execute(status -> pay(referralId)));
        } catch (ApiException refused) {
            log.warn("referral {} could not be paid: {}", referralId, refused.getMessage());
            String error = refused.code() + ": " + refused.getMessage();
            ownTransaction.executeWithoutResult(status -> store.lock(referralId).ifPresent(r -> {
                if (r.status() == ReferralStatus.VESTING) {
                    store.update(with(r, ReferralStatus.QUALIFIED, r.rewardedAt(), r.clawedBackAt(), error));
                } else {
                    store.recordError(referralId, error);
                }
            }));
            return false;
        }
    }

    private boolean pay(String referralId) {
        Referral referral = store.lock(referralId).orElseThrow();
        Instant now = clock.instant();
        if ((referral.status() != ReferralStatus.VESTING && referral.status() != ReferralStatus.QUALIFIED)
                || referral.vestsAt().isAfter(now)) {
            return false;
        }
        List<ReferralReward> held = store.rewardsOf(referralId);
        if (!held.isEmpty()) {
            ledger.end(referralId, held, true);
        }
        List<ReferralRewarded.Payment> payments = new ArrayList<>();
        for (ReferralReward reward : held) {
            ReferralReward paid = reward.kind().equals("tokens") ? payTokens(referral, reward) : payCredits(referral, reward);
            store.update(paid);
            payments.add(new ReferralRewarded.Payment(paid.userId(), paid.side(), paid.kind(), paid.asset(), paid.paid(),
                    paid.paidReference()));
        }
        Referral rewarded = with(referral, ReferralStatus.REWARDED, now, null, null);
        change(referral, rewarded);
        events.publishEvent(new ReferralRewarded(referralId, referral.referrerId(), referral.referredId(), payments, now));
        return true;
    }

    private ReferralReward payTokens(Referral referral, ReferralReward reward) {
        Rewards.Awarded awarded = rewards.award(new AwardRequest(Referrals.TOKEN_RULE, reward.userId(),
                "referral:" + referral.id(), isProvider(reward.userId()), null, null));
        return paid(reward, awarded.award().amount(), awarded.award().id());
    }

    private ReferralReward payCredits(Referral referral, ReferralReward reward) {
        CreditLot lot = credits.grantPromotional(reward.userId(), reward.amount(), null, "referral " + referral.id(),
                "referral:" + reward.id(), null);
        return paid(reward, lot.amount(), lot.id());
    }

    private ReferralReward paid(ReferralReward r, long amount, String reference) {
        return new ReferralReward(r.id(), r.referralId(), r.userId(), r.side(), r.kind(), r.asset(), r.amount(), "paid",
                amount, 0, 0, reference, r.createdAt(), clock.instant(), null);
    }

    /**
     * The qualifying order was refunded in full: every referral it qualified is clawed back. Before
     * it vested, the held rewards are cancelled (nothing was paid); after, each side's wallet gives
     * back what it still holds of the reward and the rest is recorded as unrecovered. A redelivered
     * event finds the referral clawed back already and changes nothing.
     */
    void orderRefunded(String orderId) {
        for (String id : store.qualifiedBy(orderId)) {
            for (int attempt = 1; ; attempt++) {
                try {
                    ownTransaction.executeWithoutResult(status -> clawBack(id, orderId));
                    break;
                } catch (LedgerException raced) {
                    // A spend took the tokens between reading the wallet and taking them back: read it again.
                    if (attempt == ATTEMPTS) {
                        throw raced;
                    }
                }
            }
        }
    }

    private void clawBack(String referralId, String orderId) {
        Referral referral = store.lock(referralId).orElseThrow();
        if (!referral.status().mayBecome(ReferralStatus.CLAWED_BACK)) {
            return;
        }
        Instant now = clock.instant();
        List<ReferralReward> rewardsOf = store.rewardsOf(referralId);
        boolean vested = referral.status() == ReferralStatus.REWARDED;
        List<ReferralClawedBack.Recovery> recoveries = new ArrayList<>();
        if (!vested && !rewardsOf.isEmpty()) {
            ledger.end(referralId, rewardsOf, false);
        }
        for (ReferralReward reward : rewardsOf) {
            ReferralReward after;
            if (vested) {
                long taken = reward.kind().equals("tokens")
                        ? rewards.takeBack(reward.userId(), reward.paid(), "referral-claw-back:" + reward.id())
                        : takeCredits(reward);
                after = new ReferralReward(reward.id(), referralId, reward.userId(), reward.side(), reward.kind(),
                        reward.asset(), reward.amount(), "clawed_back", reward.paid(), taken, reward.paid() - taken,
                        reward.paidReference(), reward.createdAt(), reward.paidAt(), now);
                recoveries.add(new ReferralClawedBack.Recovery(reward.userId(), reward.side(), reward.kind(),
                        reward.asset(), taken, reward.paid() - taken));
            } else {
                after = new ReferralReward(reward.id(), referralId, reward.userId(), reward.side(), reward.kind(),
                        reward.asset(), reward.amount(), "cancelled", 0, 0, 0, null, reward.createdAt(), null, now);
            }
            store.update(after);
        }
        change(referral, with(referral, ReferralStatus.CLAWED_BACK, referral.rewardedAt(), now, null));
        events.publishEvent(new ReferralClawedBack(referralId, referral.referrerId(), referral.referredId(), orderId,
                vested, recoveries, now));
    }

    /** Draws what the wallet still holds of a paid credit reward, up to the reward; a concurrent draw makes it look again. */
    private long takeCredits(ReferralReward reward) {
        String reference = "referral-claw-back:" + reward.id();
        while (true) {
            long take = Math.min(reward.paid(), credits.balance(reward.userId()).total());
            if (take <= 0) {
                return 0;
            }
            try {
                return credits.draw(reward.userId(), take, reference).units();
            } catch (InsufficientCreditsException raced) {
                // spent meanwhile: take what is left
            }
        }
    }

    private void change(Referral before, Referral after) {
        store.update(after);
        audit.changed("referral", after.id(), Referrals.summary(before), Referrals.summary(after));
    }

    private static Referral with(Referral r, ReferralStatus status, Instant rewardedAt, Instant clawedBackAt,
            String error) {
        return new Referral(r.id(), r.referrerId(), r.referredId(), r.code(), status, r.rejectionReason(), r.qualifyOn(),
                r.orderId(), r.claimedAt(), r.qualifiedAt(), r.vestsAt(), rewardedAt, clawedBackAt, error);
    }

    /** A provider earns the rule's provider amount: a user whose metadata says {@code provider: "true"}. */
    boolean isProvider(String userId) {
        return users.find(userId).map(u -> "true".equals(u.metadata().get("provider"))).orElse(false);
    }
}
