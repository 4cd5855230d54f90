package dev.mercato.platform.flags;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FlagsProperties.class)
class FlagsConfiguration {
}
