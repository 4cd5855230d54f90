package dev.mercato.ledger.internal;

import dev.mercato.platform.RecurringJob;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ledger's background work. Hold expiry is a cluster job: it keeps no state, so one run per
 * interval across all instances is enough. Sealing runs on every instance: only one seals at a
 * time (an advisory lock), and each keeps an in-memory cursor over the journal that works only if
 * the same instance goes on sealing — handed from instance to instance every second, each would
 * re-read the journal from where it last stopped (docs/adr/0011-background-jobs.md).
 */
@Configuration(proxyBeanMethods = false)
class LedgerJobs {

    @Bean
    RecurringJob expireHolds(HoldExpiry expiry, @Value("${mercato.ledger.expiry-interval:PT1S}") Duration interval) {
        return RecurringJob.every("ledger.expire-holds", interval, expiry::expireDue);
    }

    @Bean
    RecurringJob sealJournal(Sealer sealer, @Value("${mercato.ledger.seal-interval:PT1S}") Duration interval) {
        return RecurringJob.onEveryInstance("ledger.seal", interval, sealer::sealIfEnabled);
    }
}
