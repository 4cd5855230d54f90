package dev.mercato.platform;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MercatoProperties.class)
class PlatformConfiguration {

    @Bean
    MercatoClock clock() {
        return MercatoClock.system();
    }

    @Bean
    RecurringJob refreshTableStatistics(TableStatistics statistics,
            @Value("${mercato.analyze-interval:PT1M}") Duration interval) {
        return RecurringJob.every("platform.table-statistics", interval, statistics::refreshIfAutovacuumIsOff);
    }
}
