package dev.mercato.bench;

import dev.mercato.MercatoApplication;
import dev.mercato.ledger.Accounts;
import dev.mercato.ledger.Ledger;
import dev.mercato.ledger.LedgerVerification;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Mercato started inside the benchmark's JVM on a random local port, against a bench database. */
final class MercatoInProcess implements AutoCloseable {

    static final String ADMIN_KEY = "mk_bench_admin_key_0123456789abcdef";

    private final ConfigurableApplicationContext context;

    private MercatoInProcess(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Settings go in as command-line arguments: they outrank application.yml and a DATABASE_URL in
     * the environment, which {@code SpringApplicationBuilder.properties} (the lowest rank) would not.
     */
    static MercatoInProcess start(String jdbcUrl, String user, java.util.List<String> extraArgs) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--DATABASE_URL=" + jdbcUrl,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--mercato.bootstrap-admin-key=" + ADMIN_KEY,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.dev.mercato=WARN",
                "--springdoc.api-docs.enabled=false",
                "--springdoc.swagger-ui.enabled=false",
                // Limits far above what the benchmark sends from its one address and key: the figures
                // include the rate limiter's cost, never its rejections.
                "--mercato.rate-limits.classes.default.limit=1000000000",
                "--mercato.rate-limits.classes.ip.limit=1000000000"));
        args.addAll(extraArgs);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MercatoApplication.class)
                .run(args.toArray(String[]::new));
        return new MercatoInProcess(context);
    }

    Ledger ledger() {
        return context.getBean(Ledger.class);
    }

    Accounts accounts() {
        return context.getBean(Accounts.class);
    }

    LedgerVerification verification() {
        return context.getBean(LedgerVerification.class);
    }

    /** Any bean of the running server, for benchmarks that call a module's Java API. */
    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    String setting(String name) {
        return context.getEnvironment().getProperty(name, "?");
    }

    /** Count and total of the group committer's batch sizes so far; diff two of them for a phase's mean. */
    BatchSizes batchSizes() {
        return batchSizes("mercato.ledger.batch.size");
    }

    /** Batches and commands so far of the group committer whose batch-size summary is {@code meter}. */
    BatchSizes batchSizes(String meter) {
        DistributionSummary summary = context.getBean(MeterRegistry.class).find(meter).summary();
        return summary == null ? new BatchSizes(0, 0) : new BatchSizes(summary.count(), summary.totalAmount());
    }

    record BatchSizes(long batches, double commands) {

        double meanSince(BatchSizes earlier) {
            long n = batches - earlier.batches;
            return n == 0 ? Double.NaN : (commands - earlier.commands) / n;
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
