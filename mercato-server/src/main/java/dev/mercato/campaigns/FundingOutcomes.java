package dev.mercato.campaigns;

import dev.mercato.payments.PaymentManagement;
import dev.mercato.payments.PaymentReconciled;
import dev.mercato.platform.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Fundings whose payment ended after the buyer's call had: when the payments janitor settles a
 * funding's payment (a timeout cleared up, 3-D Secure completed later), the campaign is funded (or
 * the funding failed) at once. Runs after the janitor's commit and outside any transaction, as
 * capturing calls the processor.
 */
@Component
class FundingOutcomes {

    private static final Logger log = LoggerFactory.getLogger(FundingOutcomes.class);

    private final CampaignFunding funding;
    private final PaymentManagement payments;

    FundingOutcomes(CampaignFunding funding, PaymentManagement payments) {
        this.funding = funding;
        this.payments = payments;
    }

    @Async
    @TransactionalEventListener
    void on(PaymentReconciled reconciled) {
        payments.find(reconciled.paymentId()).filter(attempt -> attempt.metadata().containsKey("campaign_funding_id"))
                .ifPresent(attempt -> {
                    try {
                        funding.finish(attempt.metadata().get("campaign_funding_id"), attempt);
                    } catch (ApiException ended) {
                        log.info("campaign funding {}: its payment {} ended {} ({})",
                                attempt.metadata().get("campaign_funding_id"), attempt.id(), attempt.status().code(),
                                ended.code());
                    }
                });
    }
}
