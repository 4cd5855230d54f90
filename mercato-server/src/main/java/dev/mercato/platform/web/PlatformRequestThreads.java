package dev.mercato.platform.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * With {@code mercato.requests.platform-threads=true}, serves HTTP requests on Tomcat's own pool of
 * platform threads ({@code server.tomcat.threads.*}) while the rest of Mercato keeps virtual threads
 * ({@code spring.threads.virtual.enabled}): async event listeners and jobs. A request blocks on its
 * group commit and its JDBC calls, and a virtual thread then unmounts with Spring MVC's deep stack;
 * whether a platform thread waiting is cheaper on a small machine is measured, not settled
 * (docs/benchmarks.md, web path; ADR 0035), so the default stays virtual. Runs after Spring Boot's
 * customizer that puts Tomcat on virtual threads, and undoes it: without an executor of its own,
 * Tomcat creates its internal pool when it starts.
 */
@Component
@ConditionalOnProperty(name = "mercato.requests.platform-threads", havingValue = "true")
class PlatformRequestThreads implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addProtocolHandlerCustomizers(protocol -> protocol.setExecutor(null));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
