package dev.mercato.ledger.internal;

import dev.mercato.ledger.HoldId;
import dev.mercato.ledger.core.Command;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires holds whose time has come. Expiry happens once (the hold row is resolved only from
 * pending) and is exact: the hold is recorded as resolved at its expiry time, whenever this runs;
 * a capture or void that arrives after that time is refused even if this job has not run yet.
 * It runs as a cluster job ({@link LedgerJobs}); should two runs ever meet (a direct call beside
 * the scheduled run), the engine's locks keep them from colliding.
 */
@Component
class HoldExpiry {

    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final LedgerEngine engine;
    private final TransactionTemplate transactions;
    private final Clock clock;

    HoldExpiry(JdbcClient jdbc, LedgerEngine engine, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.engine = engine;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Expires every hold due by now; returns how many. */
    int expireDue() {
        int total = 0;
        List<HoldId> due;
        do {
            due = jdbc.sql("""
                    SELECT id FROM ledger_holds WHERE status = 'pending' AND expires_at <= :now ORDER BY expires_at LIMIT :limit""")
                    .param("now", Timestamp.from(clock.instant())).param("limit", BATCH)
                    .query((rs, n) -> new HoldId(rs.getString(1))).list();
            if (!due.isEmpty()) {
                List<Command> commands = due.stream().<Command>map(Command.Expire::new).toList();
                total += (int) transactions.execute(status -> engine.executeAlone(commands, 0)).stream()
                        .filter(o -> o.result() != null).count();
            }
        } while (due.size() == BATCH);
        return total;
    }
}
