package dev.mercato.payments.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.payments.*}. Secrets are kept out of {@code toString()} so they
 * never reach a log.
 *
 * @param processor        the adapter payments go through: {@code simulated} (default) or {@code stripe}
 * @param webhookTolerance how far from now a webhook's signed timestamp may be before it is refused as stale
 */
@ConfigurationProperties("mercato.payments")
public record PaymentsProperties(@DefaultValue("simulated") String processor,
        @DefaultValue("PT5M") Duration webhookTolerance, @DefaultValue Janitor janitor,
        @DefaultValue Simulated simulated, @DefaultValue Stripe stripe) {

    /**
     * @param interval              how often the janitor looks for unsettled payments
     * @param minAge                how long a payment may stay pending or unknown before the janitor asks
     *                              the processor, and how long it waits between two looks
     * @param giveUpAfter           how long a payment the processor has no record of stays pending
     *                              before it is marked failed ({@code not_processed}): nothing was charged
     * @param requiresActionTimeout how long a customer has to complete 3-D Secure before the
     *                              authorization is canceled
     */
    public record Janitor(@DefaultValue("PT1M") Duration interval, @DefaultValue("PT1M") Duration minAge,
            @DefaultValue("PT15M") Duration giveUpAfter, @DefaultValue("PT24H") Duration requiresActionTimeout,
            @DefaultValue("100") int batchSize) {
    }

    /**
     * @param webhookSecret    signs the simulated processor's webhooks ({@code Mercato-Signature})
     * @param feeBasisPoints   percentage part of the simulated fee (290 = 2.9%)
     * @param feeFixedMinor    fixed part of the simulated fee, in minor units
     * @param disputeFeeMinor  what the simulated processor charges per dispute, in minor units
     * @param publicUrl        the base URL customers and the simulated processor reach Mercato at;
     *                         empty means {@code http://127.0.0.1:<port>}
     */
    public record Simulated(@DefaultValue("whsec_mercato_simulated_development_secret") String webhookSecret,
            @DefaultValue("290") long feeBasisPoints, @DefaultValue("30") long feeFixedMinor,
            @DefaultValue("1500") long disputeFeeMinor, @DefaultValue("") String publicUrl) {

        public Simulated {
            webhookSecret = webhookSecret == null ? "" : webhookSecret;
            publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
        }

        @Override
        public String toString() {
            return "Simulated[webhookSecret=…, feeBasisPoints=" + feeBasisPoints + ", feeFixedMinor=" + feeFixedMinor
                    + ", disputeFeeMinor=" + disputeFeeMinor + ", publicUrl=" + publicUrl + "]";
        }
    }

    /**
     * @param secretKey         Stripe secret key ({@code sk_…} or a restricted {@code rk_…})
     * @param webhookSecret     signing secret(s) of the webhook endpoint ({@code whsec_…}); several,
     *                          comma-separated, when both platform and Connect endpoints deliver here
     * @param apiBase           Stripe's API address (tests point it at a local fake server)
     * @param feeBasisPoints    estimated percentage fee (290 = 2.9%) until the balance transaction is read
     * @param feeFixedMinor     estimated fixed fee in minor units
     * @param returnUrl         where a customer returns after 3-D Secure, or empty
     * @param connectTimeout    connect timeout per Stripe call
     * @param readTimeout       read timeout per Stripe call; a call that times out answers UNKNOWN
     * @param maxNetworkRetries retries of a failed call, always under the same idempotency key
     */
    public record Stripe(@DefaultValue("") String secretKey, @DefaultValue("") String webhookSecret,
            @DefaultValue("https://api.stripe.com") String apiBase, @DefaultValue("290") long feeBasisPoints,
            @DefaultValue("30") long feeFixedMinor, @DefaultValue("") String returnUrl,
            @DefaultValue("PT10S") Duration connectTimeout, @DefaultValue("PT30S") Duration readTimeout,
            @DefaultValue("2") int maxNetworkRetries) {

        public Stripe {
            secretKey = secretKey == null ? "" : secretKey.trim();
            webhookSecret = webhookSecret == null ? "" : webhookSecret.trim();
            returnUrl = returnUrl == null ? "" : returnUrl;
        }

        public boolean configured() {
            return !secretKey.isBlank() && !webhookSecret.isBlank();
        }

        @Override
        public String toString() {
            return "Stripe[secretKey=" + (secretKey.isBlank() ? "" : "…") + ", webhookSecret="
                    + (webhookSecret.isBlank() ? "" : "…") + ", apiBase=" + apiBase + "]";
        }
    }
}
