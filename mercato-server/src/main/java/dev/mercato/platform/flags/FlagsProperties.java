package dev.mercato.platform.flags;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code mercato.flags.*}.
 *
 * @param pollInterval how often an instance checks whether flags changed elsewhere: the longest a
 *                     change made on another instance takes to apply here without Redis (with
 *                     Redis it applies at once)
 */
@ConfigurationProperties("mercato.flags")
record FlagsProperties(@DefaultValue("PT2S") Duration pollInterval) {
}
