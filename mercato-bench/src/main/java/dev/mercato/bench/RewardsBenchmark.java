package dev.mercato.bench;

import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import dev.mercato.rewards.AwardRequest;
import dev.mercato.rewards.BoardPeriod;
import dev.mercato.rewards.Leaderboards;
import dev.mercato.rewards.RewardRule;
import dev.mercato.rewards.Rewards;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.PGConnection;

/**
 * {@code ./mercato bench rewards}: award throughput through the rewards module's Java API (each
 * award a ledger transaction plus its leaderboard rows, one commit) next to pgbench at the same
 * client count, then leaderboard reads with {@code --board-users} users (default 1,000,000) on the
 * all-time board, loaded with COPY: the top page, and a random user's rank with 5 neighbours either
 * side (ranks summed from reward_board_counts plus the ties ahead), at 1 and 8 clients. Goal: rank p99 under 20 ms.
 */
public final class RewardsBenchmark {

    private static final double GOAL_P99 = 20;
    private static final int AWARD_USERS = 1000;

    private RewardsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int boardUsers = 1_000_000;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--board-users") && i + 1 < args.length) {
                boardUsers = Integer.parseInt(args[++i].replace("_", ""));
            } else {
                rest.add(args[i]);
            }
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(rest.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n(rewards also takes --board-users N, default 1000000)");
            System.exit(2);
            return;
        }
        System.exit(run(options, boardUsers) ? 0 : 1);
    }

    private static boolean run(BenchOptions o, int boardUsers) throws Exception {
        BenchDatabases databases = new BenchDatabases(o);
        databases.dropLeftovers();
        say("Mercato rewards benchmark, %s: %.0f s measured after %.0f s warm-up per phase; %,d users on the board",
                LocalDate.now(), o.seconds(), o.warmupSeconds(), boardUsers);
        say("machine: %d cores, Java %s", Runtime.getRuntime().availableProcessors(), Runtime.version());
        List<PhaseResult> results = new ArrayList<>();
        boolean ok = true;
        try {
            Pgbench pgbench = new Pgbench(o);
            String pgdb = databases.create("pgbench");
            int scale = pgbench.scaleFor(8);
            pgbench.initialise(pgdb, scale);
            String db = databases.create("rewards");
            say("starting Mercato in-process on %s ...", db);
            try (MercatoInProcess mercato = MercatoInProcess.start(databases.url(db), o.pgUser(),
                    List.of("--spring.datasource.hikari.maximum-pool-size=12"))) {
                Rewards rewards = mercato.bean(Rewards.class);
                Leaderboards boards = mercato.bean(Leaderboards.class);
                rewards.saveRule(new RewardRule("bench_any", "Benchmark awards", null, null, null, 1L, 1000L, null, null,
                        Duration.ZERO, true, null, null));
                // Users straight into the table: creating them through the API would queue 1,000 UserCreated
                // deliveries that compete with the awards for the pool.
                List<String> awardees = new ArrayList<>();
                try (Connection c = databases.connect(db); PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO users (id, email, name, role, created_at) VALUES (?, ?, ?, 'user', now())")) {
                    for (int i = 0; i < AWARD_USERS; i++) {
                        String id = Ids.next("usr", Clock.systemUTC());
                        awardees.add(id);
                        insert.setString(1, id);
                        insert.setString(2, "bench" + i + "@bench.mercato.dev");
                        insert.setString(3, "Bench " + i);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                for (int clients : List.of(1, 8)) {
                    PhaseResult ref = pgbench.measure("pg" + clients, pgdb, clients, scale, LoadRunner.Probe.NONE);
                    results.add(ref);
                    say("  %s", line(ref));
                    PhaseResult award = new LoadRunner(clients).run("award" + clients,
                            "Rewards.award: ledger transaction + award row + 4 board rows and their counts, " + clients + " clients",
                            (thread, n) -> rewards.award(new AwardRequest("bench_any",
                                    awardees.get(ThreadLocalRandom.current().nextInt(AWARD_USERS)), "bench-" + n, false, null,
                                    1L + ThreadLocalRandom.current().nextInt(1000))),
                            o.warmupSeconds(), o.seconds(), LoadRunner.Probe.NONE);
                    results.add(award.withNotes(String.format("%.2fx pgbench", award.opsPerSecond() / ref.opsPerSecond())));
                    say("  %s", line(results.getLast()));
                }

                long start = System.nanoTime();
                String key = BoardPeriod.ALL_TIME.keyAt(Instant.now());
                try (Connection c = databases.connect(db)) {
                    load(c, key, boardUsers);
                    count(c, key);
                }
                databases.vacuumAnalyze(db);
                say("  loaded %,d board rows with COPY, counted them, vacuumed and analyzed in %.1f s", boardUsers,
                        (System.nanoTime() - start) / 1e9);
                try (Connection c = databases.connect(db); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(*), pg_size_pretty(pg_total_relation_size('reward_board')),"
                                + " (SELECT count(*) FROM reward_board_counts),"
                                + " pg_size_pretty(pg_total_relation_size('reward_board_counts')) FROM reward_board")) {
                    rs.next();
                    say("  reward_board: %,d rows, %s with its indexes; reward_board_counts: %,d rows, %s", rs.getLong(1),
                            rs.getString(2), rs.getLong(3), rs.getString(4));
                }
                for (int clients : List.of(1, 8)) {
                    PhaseResult top = new LoadRunner(clients).run("top" + clients,
                            "top 20 of the all-time board, " + clients + " clients",
                            (thread, n) -> boards.top(admin(), "global", BoardPeriod.ALL_TIME, null, 20),
                            o.warmupSeconds(), o.seconds(), LoadRunner.Probe.NONE);
                    results.add(top);
                    say("  %s", line(top));
                    PhaseResult rank = new LoadRunner(clients).run("rank" + clients,
                            "around=me for a uniformly random user (mean rank ~" + boardUsers / 2 + "), 5 either side, "
                                    + clients + " clients",
                            (thread, n) -> {
                                String user = boardUser(ThreadLocalRandom.current().nextInt(boardUsers));
                                Leaderboards.BoardPage page = boards.around(new Caller(user, false, user, null, "user"),
                                        "global", BoardPeriod.ALL_TIME, 5);
                                if (page.me() == null) {
                                    throw new IllegalStateException(user + " is not on the board");
                                }
                            },
                            o.warmupSeconds(), o.seconds(), LoadRunner.Probe.NONE);
                    results.add(rank.withNotes(rank.p99Millis() < GOAL_P99 ? "meets p99 < 20 ms" : "MISSES p99 < 20 ms"));
                    say("  %s", line(results.getLast()));
                    ok &= rank.failures() == 0 && top.failures() == 0;
                }
            }
            say("");
            say("%-8s %10s %10s %10s  %s", "phase", "ops/s", "p50 ms", "p99 ms", "what");
            for (PhaseResult r : results) {
                say("%-8s %10.1f %10.2f %10.2f  %s %s", r.name(), r.opsPerSecond(), r.p50Millis(), r.p99Millis(),
                        r.description(), r.notes());
            }
            return ok;
        } finally {
            databases.dropAll();
        }
    }

    private static Caller admin() {
        return new Caller(null, true, "bench", null, "admin");
    }

    private static String boardUser(int i) {
        return String.format("usr_board%07d", i);
    }

    /**
     * Loads one all-time row per user: earned is long-tailed (most users a few tokens, many ties),
     * reached_at spread over a year.
     */
    private static void load(Connection c, String key, int n) throws Exception {
        SplittableRandom random = new SplittableRandom(20261121L);
        Instant base = Instant.now().minus(Duration.ofDays(365));
        StringBuilder batch = new StringBuilder();
        PGConnection pg = c.unwrap(PGConnection.class);
        for (int i = 0; i < n; i++) {
            long earned = 1 + (long) Math.exp(random.nextDouble() * 12);
            Instant at = base.plusSeconds(random.nextLong(365L * 86_400));
            batch.append(key).append('\t').append(boardUser(i)).append('\t').append(earned).append('\t').append(at)
                    .append('\n');
            if (batch.length() > 4_000_000 || i == n - 1) {
                pg.getCopyAPI().copyIn("COPY reward_board (period_key, user_id, earned, reached_at) FROM STDIN",
                        new StringReader(batch.toString()));
                batch.setLength(0);
            }
        }
    }

    /**
     * Recounts the board's reward_board_counts after the COPY went around the award path, as the
     * rebuild does (V39__leaderboard_counts.sql: users per earned prefix, 4 bits a level, stripe by md5).
     */
    private static void count(Connection c, String key) throws Exception {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM reward_board_counts WHERE period_key = ?");
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO reward_board_counts (period_key, level, prefix, stripe, users)
                        SELECT b.period_key, l.level, b.earned >> (4 * l.level), get_byte(decode(md5(b.user_id), 'hex'), 0) % 4,
                               count(*)
                        FROM reward_board b CROSS JOIN generate_series(0, 15) AS l(level)
                        WHERE b.period_key = ? AND (l.level = 0 OR ((b.earned >> (4 * l.level)) & 15) <> 0)
                        GROUP BY 1, 2, 3, 4""")) {
            delete.setString(1, key);
            delete.executeUpdate();
            insert.setString(1, key);
            insert.executeUpdate();
        }
    }

    private static String line(PhaseResult r) {
        return String.format("(%s) %.1f/s, p50 %.2f ms, p99 %.2f ms, %d failed %s", r.name(), r.opsPerSecond(),
                r.p50Millis(), r.p99Millis(), r.failures(), r.notes());
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
