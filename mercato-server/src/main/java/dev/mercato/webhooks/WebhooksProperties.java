package dev.mercato.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.webhooks.*}.
 *
 * @param allowPrivateAddresses whether endpoints may be on loopback, private, link-local or other
 *                              internal addresses; unset means yes, except in production
 *                              ({@code mercato.production=true})
 * @param dispatchInterval      how often due deliveries are looked for
 * @param connectTimeout        connect timeout of one delivery attempt
 * @param readTimeout           how long a receiver has to answer one attempt
 * @param retryWindow           how long after its first attempt a delivery is still retried
 * @param disableAfter          how long an endpoint may fail without a single success before it is
 *                              disabled
 * @param rotationOverlap       how long the previous secret still signs after a rotation, unless the
 *                              rotation says otherwise
 * @param batchSize             deliveries one dispatcher claims (and sends in parallel) at a time
 * @param keepFor               how long events and their delivery log are kept once every delivery
 *                              finished; longer than the retry window
 */
@ConfigurationProperties("mercato.webhooks")
record WebhooksProperties(Boolean allowPrivateAddresses, @DefaultValue("PT1S") Duration dispatchInterval,
        @DefaultValue("PT5S") Duration connectTimeout, @DefaultValue("PT10S") Duration readTimeout,
        @DefaultValue("P3D") Duration retryWindow, @DefaultValue("P3D") Duration disableAfter,
        @DefaultValue("PT24H") Duration rotationOverlap, @DefaultValue("50") int batchSize,
        @DefaultValue("P30D") Duration keepFor) {

    WebhooksProperties {
        if (keepFor.compareTo(retryWindow) <= 0) {
            throw new IllegalArgumentException("mercato.webhooks.keep-for (" + keepFor
                    + ") must be longer than mercato.webhooks.retry-window (" + retryWindow + ")");
        }
    }

    /** How long a claimed delivery is kept from other dispatchers: longer than any one attempt can take. */
    Duration lease() {
        return connectTimeout.plus(readTimeout).plusMinutes(1);
    }
}
