package dev.mercato.campaigns;

import dev.mercato.campaigns.core.PaySplit;
import dev.mercato.ledger.AccountId;
import dev.mercato.ledger.AccountOwner;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Entry;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.NewAccount;
import dev.mercato.ledger.OwnerType;
import dev.mercato.ledger.Transaction;
import dev.mercato.ledger.TransactionRequest;
import dev.mercato.orders.MarketplaceAccounts;
import dev.mercato.payouts.EarningsRelease;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every movement of a campaign's money, as ledger transactions made inside the caller's database
 * transaction. Each campaign has an escrow account of its own that may never go negative: funding
 * fills it from processor clearing; a paid response empties one slot's cost into the responder's
 * pending earnings and the fee accounts; unspent slots leave it for the refunds-in-flight account
 * and from there, once the processor confirms, back to clearing. Keys derive from the funding,
 * submission or refund, so nothing posts twice.
 */
@Component
class Escrow {

    private final Ledger ledger;
    private final Accounts accounts;
    private final EarningsRelease earnings;
    private final Fundings fundings;
    private final EscrowRefunds refunds;
    private final Clock clock;

    Escrow(Ledger ledger, Accounts accounts, EarningsRelease earnings, Fundings fundings, EscrowRefunds refunds, Clock clock) {
        this.ledger = ledger;
        this.accounts = accounts;
        this.earnings = earnings;
        this.fundings = fundings;
        this.refunds = refunds;
        this.clock = clock;
    }

    /** The campaign's escrow account: owned by the campaign, never negative. */
    static NewAccount account(String campaignId, String currency) {
        return NewAccount.of(new AccountOwner(OwnerType.SYSTEM, campaignId), "campaign.escrow", currency);
    }

    static NewAccount refundsInFlight(String currency) {
        return NewAccount.of(AccountOwner.system("campaigns"), "campaigns.refunds_in_flight", currency);
    }

    AccountId escrow(Campaign campaign) {
        return accounts.openOrGet(account(campaign.id(), campaign.currency())).id();
    }

    long balance(Campaign campaign) {
        return accounts.balance(escrow(campaign)).posted();
    }

    /**
     * A captured funding payment into escrow; the processor's fee on the charge is the platform's
     * to bear, as on every sale.
     */
    Transaction fund(Campaign campaign, Funding funding, String paymentId, long processorFee) {
        String currency = campaign.currency();
        List<Entry> entries = new ArrayList<>();
        entries.add(Entry.debit(accounts.idOf(MarketplaceAccounts.clearing(currency)), funding.amount(), currency));
        entries.add(Entry.credit(escrow(campaign), funding.amount(), currency));
        if (processorFee > 0) {
            AccountId revenue = accounts.idOf(MarketplaceAccounts.platformRevenue(currency));
            entries.add(Entry.debit(revenue, processorFee, currency));
            entries.add(Entry.credit(accounts.idOf(MarketplaceAccounts.processorFees(currency)), processorFee, currency));
        }
        return ledger.post(new TransactionRequest("campaign:funding:" + funding.id(), "campaign.funding", entries, null,
                campaign.id(), Map.of("funding_id", funding.id(), "payment_id", paymentId, "buyer_id", campaign.buyerId())));
    }

    /**
     * Pays one slot: its cost leaves escrow — the earnings into the responder's pending seller
     * earnings (then the payouts module's hold period and payouts), the protocol and funding fees
     * to platform revenue, the processor fee to the processor-fees account.
     */
    Transaction pay(Campaign campaign, Submission submission, PaySplit split) {
        String currency = campaign.currency();
        List<Entry> entries = new ArrayList<>();
        entries.add(Entry.debit(escrow(campaign), split.slotCost(), currency));
        entries.add(Entry.credit(accounts.idOf(MarketplaceAccounts.sellerPending(submission.responderId(), currency)),
                split.earned(), currency));
        if (split.revenue() > 0) {
            entries.add(Entry.credit(accounts.idOf(MarketplaceAccounts.platformRevenue(currency)), split.revenue(), currency));
        }
        if (split.processorFee() > 0) {
            entries.add(Entry.credit(accounts.idOf(MarketplaceAccounts.processorFees(currency)), split.processorFee(), currency));
        }
        Transaction posted = ledger.post(new TransactionRequest("campaign:submission:" + submission.id() + ":pay",
                "campaign.payment", entries, null, submission.id(), Map.of("campaign_id", campaign.id(),
                        "responder_id", submission.responderId())));
        earnings.schedule(submission.id(), submission.responderId(), currency, split.earned(), clock.instant());
        return posted;
    }

    /**
     * Takes {@code slots} unspent slots out of escrow towards the buyer: into refunds in flight,
     * with one pending refund per funding payment it comes back on (the newest first). Returns the
     * amount; the refunds are sent by {@link CampaignRefunds} after the caller commits.
     */
    long release(Campaign campaign, int slots, String reason) {
        if (slots <= 0) {
            return 0;
        }
        long amount = Math.multiplyExact(campaign.slotCost(), slots);
        String currency = campaign.currency();
        String refundKey = Ids.next("crf", clock);
        ledger.post(new TransactionRequest("campaign:release:" + refundKey, "campaign.refund",
                List.of(Entry.debit(escrow(campaign), amount, currency),
                        Entry.credit(accounts.openOrGet(refundsInFlight(currency)).id(), amount, currency)),
                null, campaign.id(), Map.of("reason", reason, "slots", String.valueOf(slots))));
        long left = amount;
        Instant now = clock.instant();
        List<Funding> paid = fundings.ofCampaign(campaign.id()).stream().filter(f -> f.status().equals("succeeded"))
                .sorted(Comparator.comparing(Funding::createdAt).thenComparing(Funding::id).reversed()).toList();
        int part = 0;
        for (Funding f : paid) {
            long take = Math.min(left, f.amount() - f.refunded());
            if (take <= 0) {
                continue;
            }
            refunds.insert(new EscrowRefunds.Pending(part++ == 0 ? refundKey : Ids.next("crf", clock), campaign.id(), f.id(),
                    f.paymentId(), take, currency), now);
            fundings.addRefunded(f.id(), take);
            left -= take;
            if (left == 0) {
                break;
            }
        }
        if (left != 0) {
            throw new IllegalStateException("campaign " + campaign.id() + ": " + left + " of the released escrow has no funding to return to");
        }
        return amount;
    }

    /** The processor refunded one part: it leaves refunds in flight for clearing. */
    void refunded(EscrowRefunds.Pending refund) {
        ledger.post(new TransactionRequest("campaign:refund:" + refund.id() + ":sent", "campaign.refund.sent",
                List.of(Entry.debit(accounts.openOrGet(refundsInFlight(refund.currency())).id(), refund.amount(), refund.currency()),
                        Entry.credit(accounts.idOf(MarketplaceAccounts.clearing(refund.currency())), refund.amount(),
                                refund.currency())),
                null, refund.campaignId(), Map.of("refund_id", refund.id(), "payment_id", refund.paymentId())));
    }
}
