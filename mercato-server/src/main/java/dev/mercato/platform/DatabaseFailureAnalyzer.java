package dev.mercato.platform;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns "cannot reach the database" at startup into one clear paragraph instead of a stack trace. */
class DatabaseFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, SQLException cause) {
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        if (!state.startsWith("08") && !state.equals("3D000") && !state.equals("28000") && !state.equals("28P01")) {
            return null;
        }
        return new FailureAnalysis("Mercato cannot use its PostgreSQL database: " + cause.getMessage(),
                "Check that PostgreSQL is running and that the database exists. With no DATABASE_URL, ./mercato run uses "
                        + "127.0.0.1:5432 and creates the database 'mercato' itself; with DATABASE_URL "
                        + "(postgres://user:pass@host:port/db), create the database first (createdb) and check the credentials.",
                cause);
    }
}
