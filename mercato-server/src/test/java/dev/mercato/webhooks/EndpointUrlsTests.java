package dev.mercato.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.MercatoProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With private addresses forbidden (the production default), internal networks are refused. */
class EndpointUrlsTests {

    @Test
    void inProductionEndpointsOnInternalAddressesAreRefused() {
        EndpointUrls urls = urls(null, true);

        for (String url : List.of("http://127.0.0.1:9000/", "http://10.0.0.7/hook", "http://192.168.1.20/hook",
                "http://172.16.5.4/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/hook",
                "http://[fd00::1]/hook", "http://100.64.0.1/hook", "http://0.0.0.0/hook", "http://localhost/hook")) {
            assertThatThrownBy(() -> urls.check(url)).as(url).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.code()).isEqualTo("private_webhook_url"));
        }
        assertThat(urls.check("https://93.184.215.14/hook").getHost()).isEqualTo("93.184.215.14");
        assertThat(urls.check("http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]:8443/hook").getPort()).isEqualTo(8443);
    }

    @Test
    void theSettingOverridesTheProductionDefault() {
        assertThat(urls(true, true).check("http://10.0.0.7/hook").getHost()).isEqualTo("10.0.0.7");
        assertThatThrownBy(() -> urls(false, false).check("http://10.0.0.7/hook")).isInstanceOf(ApiException.class);
        assertThat(urls(null, false).check("http://127.0.0.1:9000/").getPort()).as("dev default allows").isEqualTo(9000);
    }

    private static EndpointUrls urls(Boolean allowPrivate, boolean production) {
        return new EndpointUrls(new WebhooksProperties(allowPrivate, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofDays(3), Duration.ofDays(3), Duration.ofHours(24), 50,
                Duration.ofDays(30)),
                new MercatoProperties(production, null, null));
    }
}
