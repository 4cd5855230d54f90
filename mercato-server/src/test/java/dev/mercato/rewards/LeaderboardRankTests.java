package dev.mercato.rewards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.LedgerVerification;
import dev.mercato.platform.Caller;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deep ranks from reward_board_counts (ADR 0026): the counts follow the board through raced awards,
 * expiry and a rebuild, and every rank {@code around} gives is the one a brute-force ranking of the
 * whole board gives.
 */
class LeaderboardRankTests extends IntegrationTest {

    /**
     * Totals on both sides of digit boundaries of the counts' radix tree (4 bits a level), up to
     * about 2^24: small enough that the shared database's boards keep LeaderboardsTests' trillions
     * on top and its token supply stays small for RewardsTests' inflation figures. The levels above
     * are checked against brute force in BoardCountsTests.
     */
    private static final long[] AMOUNTS = {1, 2, 7, 15, 16, 17, 255, 256, 257, 4_095, 4_096, 65_535, 65_536,
            (1L << 20) - 1, 1L << 20, (1L << 24) + 15};

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MercatoClock clock;
    @Autowired
    LedgerVerification verification;
    @Autowired
    TokenExpiry expiry;
    @Autowired
    Leaderboards leaderboards;

    HttpFixtures fixtures;
    String rule;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        rule = "rank_" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = admin().post("/v1/rewards/rules", Map.of("id", rule, "description", "Any amount",
                "min_amount", 1, "max_amount", 1_000_000_000_000_000_000L));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    }

    @Test
    void countsFollowTheBoardThroughRacedAwardsExpiryAndRebuildAndRanksEqualABruteForceRanking() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            users.add(fixtures.user());
        }
        // one award first: on a fresh database the first awards racing to open the treasury can
        // fail with account_already_exists (a race of the ledger's account opening, not of boards)
        award(users.getFirst(), 1, "first", null);
        Random random = new Random(26);
        race(users, random, 80, "a");
        assertCountsMatchTheBoard();

        // a crowd at one total reached one after the other: ties ranked by who reached it first,
        // counted from either end of the crowd
        List<String> crowd = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String user = fixtures.user();
            crowd.add(user);
            award(user, 7, "crowd", null);
            clock.advance(Duration.ofSeconds(1));
        }
        users.addAll(crowd);
        assertCountsMatchTheBoard();
        assertRanksMatchABruteForceRanking(users);

        clock.advance(Duration.ofHours(2));
        List<Callable<Long>> work = new ArrayList<>();
        work.add(() -> expiry.expireDue());
        for (int i = 0; i < 30; i++) {
            String user = users.get(random.nextInt(users.size()));
            long amount = amount(random);
            int n = i;
            work.add(() -> {
                award(user, amount, "b-" + n, null);
                return 0L;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Long> f : pool.invokeAll(work)) {
                f.get();
            }
        }
        expiry.expireDue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reward_awards WHERE user_id = ANY(?) AND expired > 0",
                Long.class, (Object) users.toArray(String[]::new))).as("some lots expired").isPositive();
        assertCountsMatchTheBoard();
        assertRanksMatchABruteForceRanking(users);

        jdbc.update("UPDATE reward_board_counts SET users = users + 5 WHERE level = 0 AND prefix = 7");
        jdbc.update("DELETE FROM reward_board_counts WHERE level = 2");
        Api.Response rebuilt = admin().post("/v1/admin/leaderboards/rebuild", Map.of());
        assertThat(rebuilt.status()).as(rebuilt.body().toString()).isEqualTo(200);
        assertCountsMatchTheBoard();
        assertRanksMatchABruteForceRanking(users);
        assertThat(verification.verify().violations()).isEmpty();
    }

    private void race(List<String> users, Random random, int awards, String prefix) throws Exception {
        List<Callable<Api.Response>> tasks = new ArrayList<>();
        for (int i = 0; i < awards; i++) {
            String user = users.get(random.nextInt(users.size()));
            long amount = amount(random);
            String expiresAt = random.nextInt(3) == 0 ? clock.instant().plus(Duration.ofHours(1)).toString() : null;
            int n = i;
            tasks.add(() -> award(user, amount, prefix + "-" + n, expiresAt));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (Future<Api.Response> f : pool.invokeAll(tasks)) {
                assertThat(f.get().status()).as(f.get().body().toString()).isEqualTo(201);
            }
        }
    }

    private static long amount(Random random) {
        return random.nextBoolean() ? AMOUNTS[random.nextInt(AMOUNTS.length)] : 1 + random.nextInt(1000);
    }

    /**
     * Every kept row of the counts' radix tree, summed over its stripes, equals the number of board
     * rows under it (worked out here from the board, not by the code under test); no stripe row is
     * empty or negative.
     */
    private void assertCountsMatchTheBoard() {
        Map<String, Long> expected = new TreeMap<>();
        jdbc.query("SELECT period_key, earned FROM reward_board", rs -> {
            long earned = rs.getLong(2);
            for (int level = 0; level < 16; level++) {
                long prefix = earned >>> (4 * level);
                if (level == 0 || prefix % 16 != 0) {
                    expected.merge(rs.getString(1) + " " + level + " " + prefix, 1L, Long::sum);
                }
            }
        });
        Map<String, Long> counted = new TreeMap<>();
        jdbc.query("SELECT period_key, level, prefix, sum(users) FROM reward_board_counts GROUP BY 1, 2, 3",
                rs -> {
                    counted.put(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getLong(3), rs.getLong(4));
                });
        assertThat(counted).isEqualTo(expected);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reward_board_counts WHERE users <= 0", Long.class)).isZero();
    }

    /** around=me for each user on each period's board against row_number() over the whole board. */
    private void assertRanksMatchABruteForceRanking(List<String> users) {
        for (BoardPeriod period : BoardPeriod.values()) {
            String key = period.keyAt(clock.instant());
            Map<String, Long> ranks = new HashMap<>();
            jdbc.query("""
                    SELECT user_id, row_number() OVER (ORDER BY earned DESC, reached_at, user_id) FROM reward_board
                    WHERE period_key = ?""", rs -> {
                ranks.put(rs.getString(1), rs.getLong(2));
            }, key);
            for (String user : users) {
                Leaderboards.BoardPage page = leaderboards.around(new Caller(user, false, user, null, "user"), "global",
                        period, 3);
                if (!ranks.containsKey(user)) {
                    assertThat(page.me()).as(user + " is not on " + key).isNull();
                    continue;
                }
                assertThat(page.me().rank()).as(user + " on " + key).isEqualTo(ranks.get(user));
                for (BoardEntry e : page.data()) {
                    assertThat(e.rank()).as(e.userId() + " around " + user + " on " + key).isEqualTo(ranks.get(e.userId()));
                }
            }
        }
    }

    private Api.Response award(String user, long amount, String source, String expiresAt) {
        Map<String, Object> body = new HashMap<>(Map.of("rule", rule, "user_id", user, "source", source, "amount", amount));
        if (expiresAt != null) {
            body.put("expires_at", expiresAt);
        }
        Api.Response response = admin().post("/v1/rewards/awards", body);
        assertThat(response.status()).as(response.body().toString()).isIn(200, 201);
        return response;
    }
}
