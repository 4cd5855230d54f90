package dev.mercato.platform;

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
}
