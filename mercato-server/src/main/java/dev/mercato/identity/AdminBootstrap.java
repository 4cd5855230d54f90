package dev.mercato.identity;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On first start with an empty database, creates the platform admin and prints its key once —
 * or stores the key given in {@code MERCATO_BOOTSTRAP_ADMIN_KEY}. An advisory lock keeps two
 * instances starting together from creating two admins.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final long LOCK = 0x6d65726361746f01L;

    private final Users users;
    private final UserManagement userManagement;
    private final ApiKeyManagement apiKeys;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final String givenKey;

    AdminBootstrap(Users users, UserManagement userManagement, ApiKeyManagement apiKeys, JdbcClient jdbc,
            TransactionTemplate transactions, @Value("${mercato.bootstrap-admin-key:}") String givenKey) {
        this.users = users;
        this.userManagement = userManagement;
        this.apiKeys = apiKeys;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.givenKey = givenKey;
    }

    @Override
    public void run(ApplicationArguments args) {
        IssuedApiKey issued = transactions.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:lock)").param("lock", LOCK).query(Object.class).single();
            if (users.firstAdmin().isPresent()) {
                return null;
            }
            User admin = userManagement.create(null, "Platform admin", User.Role.ADMIN, Map.of());
            return givenKey.isBlank() ? apiKeys.issue(admin.id(), "bootstrap") : apiKeys.issue(admin.id(), "bootstrap", givenKey);
        });
        if (issued != null && givenKey.isBlank()) {
            // Printed to stdout, not the log: the secret must be seen once and never land in log files.
            System.out.println("""

                    ==========================================================================
                     Mercato created the platform admin %s.
                     Its API key is shown only now; keep it safe:

                       %s
                    ==========================================================================
                    """.formatted(issued.key().userId(), issued.secret()));
        } else if (issued != null) {
            log.info("Created platform admin {} with the key from MERCATO_BOOTSTRAP_ADMIN_KEY", issued.key().userId());
        }
    }
}
