package dev.mercato.webhooks;

import dev.mercato.testing.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** Webhook tests: a real HTTP receiver per test, and the endpoints a test registered deleted after it. */
abstract class WebhookIntegrationTest extends IntegrationTest {

    @Autowired
    WebhookDispatcher dispatcher;

    WebhookTesting webhooks;
    Receiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        webhooks = new WebhookTesting(admin(), dispatcher);
        receiver = new Receiver(json);
    }

    @AfterEach
    void deleteEndpointsAndStopReceiver() {
        webhooks.deleteEndpoints();
        receiver.close();
    }
}
