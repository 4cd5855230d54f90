package dev.mercato.rewards;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RewardsProperties.class)
class RewardsConfiguration {
}
