package dev.mercato.platform.outbox;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.modulith.events.core.DefaultEventPublicationRegistry;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.transaction.config.TransactionManagementConfigUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts the completion of an event publication inside its listener's transaction (ADR 0016):
 * Modulith's registry is swapped for {@link ListenerTransactionRegistry}, and the advisor that
 * marks completion runs inside the transaction advisor instead of around it; an event's
 * publications are inserted in one batch ({@link PublicationInserts}). Events are written
 * by {@link EventJson} (Modulith backs off its own serializer when one is defined).
 */
@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    /** Modulith's bean name for its completion advisor (EventPublicationConfiguration). */
    private static final String COMPLETION_ADVISOR = "completionRegisteringAdvisor";

    /**
     * Orders the two advisors on their bean definitions: the advisors are created before bean
     * post-processors run, so only their definitions can be changed in time.
     */
    @Bean
    static BeanFactoryPostProcessor completionInsideListenerTransactions() {
        return factory -> {
            if (factory.containsBeanDefinition(COMPLETION_ADVISOR)
                    && factory.containsBeanDefinition(TransactionManagementConfigUtils.TRANSACTION_ADVISOR_BEAN_NAME)) {
                factory.getBeanDefinition(COMPLETION_ADVISOR).getPropertyValues().add("order", Ordered.LOWEST_PRECEDENCE);
                factory.getBeanDefinition(TransactionManagementConfigUtils.TRANSACTION_ADVISOR_BEAN_NAME).getPropertyValues()
                        .add("order", Ordered.LOWEST_PRECEDENCE - 1);
            }
        };
    }

    @Bean
    static BeanPostProcessor listenerTransactionRegistry(ObjectProvider<EventPublicationRepository> repository,
            ObjectProvider<JdbcOperations> jdbc, ObjectProvider<EventSerializer> serializer, ObjectProvider<Clock> clock) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean.getClass() == DefaultEventPublicationRegistry.class) {
                    return new ListenerTransactionRegistry(
                            new PublicationInserts(repository.getObject(), jdbc.getObject(), serializer.getObject()),
                            clock.getIfAvailable(Clock::systemUTC));
                }
                return bean;
            }
        };
    }

    @Bean
    EventSerializer eventJson(JsonMapper mapper) {
        return new EventJson(mapper);
    }
}
