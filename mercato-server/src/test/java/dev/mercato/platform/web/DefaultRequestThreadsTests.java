package dev.mercato.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.IntegrationTest;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** Without {@code mercato.requests.platform-threads}, each request keeps its own virtual thread. */
class DefaultRequestThreadsTests extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void requestsRunOnVirtualThreadsByDefault() {
        assertThat(((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProtocolHandler()
                .getExecutor()).isInstanceOf(VirtualThreadExecutor.class);
    }
}
