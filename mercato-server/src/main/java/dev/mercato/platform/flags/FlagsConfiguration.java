package dev.mercato.platform.flags;

import dev.mercato.platform.RecurringJob;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FlagsProperties.class)
class FlagsConfiguration {

    /** Each instance keeps its own snapshot, so each polls for changes made elsewhere. */
    @Bean
    RecurringJob pollFeatureFlags(SnapshotFeatureFlags flags, FlagsProperties properties) {
        return RecurringJob.onEveryInstance("platform.flags-poll", properties.pollInterval(), flags::poll);
    }
}
