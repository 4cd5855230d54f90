package dev.mercato.testing;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that run the whole service on a random port against a real PostgreSQL database
 * created for this test run. All subclasses share one application context and one database; its
 * payment processors can be made to crash around a call ({@link ProcessorCrashes}), and work as
 * configured otherwise.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProcessorCrashes.class)
public abstract class IntegrationTest {

    public static final String ADMIN_KEY = "mk_test_admin_key_0123456789abcdefghij";
    private static final String SHARED_DATABASE = TestDatabases.create();
    /** Uploads of the test run go to a directory of their own under target/. */
    private static final String STORAGE = "target/test-files/" + ProcessHandle.current().pid();
    protected static final long MAX_FILE_BYTES = 1024 * 1024;

    @LocalServerPort
    protected int port;

    @Autowired
    protected tools.jackson.databind.ObjectMapper json;

    protected Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> SHARED_DATABASE);
        registry.add("spring.datasource.username", () -> TestDatabases.USER);
        registry.add("mercato.bootstrap-admin-key", () -> ADMIN_KEY);
        registry.add("mercato.storage.local-path", () -> STORAGE);
        registry.add("mercato.backup.directory", () -> STORAGE + "/backups");
        registry.add("mercato.catalog.max-file-bytes", () -> MAX_FILE_BYTES);
    }

    @BeforeEach
    void api() {
        api = new Api("http://127.0.0.1:" + port, json);
    }

    protected Api.Client admin() {
        return api.as(ADMIN_KEY);
    }
}
