package dev.mercato.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.testing.IntegrationTest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code mercato.requests.platform-threads=true}, requests are served by Tomcat's pool of
 * platform threads; the application's task executor (async event listeners) keeps virtual threads.
 */
@TestPropertySource(properties = "mercato.requests.platform-threads=true")
class RequestThreadsTests extends IntegrationTest {

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    @Qualifier("applicationTaskExecutor")
    AsyncTaskExecutor tasks;

    @Test
    void requestsRunOnTomcatsPlatformThreadPoolAndTasksOnVirtualThreads() throws Exception {
        Executor requests = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProtocolHandler()
                .getExecutor();
        assertThat(requests).isInstanceOf(ThreadPoolExecutor.class);
        CompletableFuture<Boolean> onRequestPool = new CompletableFuture<>();
        requests.execute(() -> onRequestPool.complete(Thread.currentThread().isVirtual()));
        assertThat(onRequestPool.get()).isFalse();

        assertThat(tasks.submitCompletable(() -> Thread.currentThread().isVirtual()).get()).isTrue();
        assertThat(admin().get("/v1/uptime").status()).isEqualTo(200);
    }
}
