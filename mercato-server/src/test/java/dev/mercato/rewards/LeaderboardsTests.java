package dev.mercato.rewards;

import static dev.mercato.testing.HttpFixtures.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mercato.ledger.LedgerVerification;
import dev.mercato.platform.MercatoClock;
import dev.mercato.testing.Api;
import dev.mercato.testing.HttpFixtures;
import dev.mercato.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import tools.jackson.databind.JsonNode;

/** Leaderboards of tokens earned, friends and groups over the API, and the boards against the ledger. */
class LeaderboardsTests extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MercatoClock clock;
    @Autowired
    LedgerVerification verification;

    HttpFixtures fixtures;
    String rule;

    @BeforeEach
    void setUp() {
        fixtures = new HttpFixtures(api, admin());
        rule = "any_" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = admin().post("/v1/rewards/rules", Map.of("id", rule, "description", "Any amount",
                "min_amount", 1, "max_amount", 1_000_000_000_000_000L));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    }

    @Test
    void theGlobalBoardRanksTokensEarnedInThePeriodWithTiesToWhoReachedThemFirst() {
        // amounts far above anything else the suite awards, so these users head the shared database's board
        long big = 1_000_000_000_000L;
        String a = fixtures.user();
        String b = fixtures.user();
        String c = fixtures.user();
        award(a, 2 * big, "a1");
        award(b, 3 * big, "b1");
        clock.advance(Duration.ofSeconds(1));
        award(c, big, "c1");
        award(c, 2 * big, "c2");
        clock.advance(Duration.ofSeconds(1));
        award(a, 3 * big, "a2");
        award(fixtures.user(), 10, "e1"); // someone below them, whatever else the database holds
        String item = "boards_" + UUID.randomUUID().toString().substring(0, 8);
        admin().post("/v1/rewards/catalog", Map.of("id", item, "description", "Spent", "price", big));
        assertThat(api.as(fixtures.keyFor(a)).post("/v1/rewards/spend", Map.of("item", item)).status()).isEqualTo(201);

        JsonNode top = board(a, "global?period=daily&limit=2");
        assertThat(users(top)).as("a earned most (spending does not count); b reached 3T before c").containsExactly(a, b);
        assertThat(top.path("data").get(0).path("earned").asLong()).isEqualTo(5 * big);
        assertThat(top.path("data").get(0).path("rank").asLong()).isEqualTo(1);
        assertThat(top.path("has_more").asBoolean()).isTrue();
        assertThat(top.path("period").asString()).isEqualTo("daily");
        assertThat(top.path("period_key").asString()).isEqualTo(BoardPeriod.DAILY.keyAt(clock.instant()));

        JsonNode next = board(a, "global?period=daily&limit=2&starting_after=" + b);
        assertThat(next.path("data").get(0).path("user_id").asString()).isEqualTo(c);
        assertThat(next.path("data").get(0).path("rank").asLong()).isEqualTo(3);

        JsonNode around = board(c, "global?period=weekly&around=me&neighbours=1");
        assertThat(around.path("me").path("rank").asLong()).isEqualTo(3);
        assertThat(users(around).subList(0, 2)).containsExactly(b, c);
        assertThat(around.path("data").get(0).path("rank").asLong()).isEqualTo(2);
        assertThat(around.path("data")).hasSize(3);
        assertThat(around.path("data").get(2).path("rank").asLong()).isEqualTo(4);
        assertThat(around.path("data").get(2).path("earned").asLong()).isLessThanOrEqualTo(3 * big);

        clock.advance(Duration.ofDays(1));
        String d = fixtures.user();
        award(d, 4 * big, "d1");
        assertThat(users(board(d, "global?period=daily&limit=3")).getFirst()).as("a new day, a new board").isEqualTo(d);
        assertThat(board(a, "global?period=daily&around=me").path("me").isNull()).as("a earned nothing today").isTrue();
        assertThat(users(board(d, "global?period=all_time&limit=3"))).containsExactly(a, d, b);
        boolean sameMonth = BoardPeriod.MONTHLY.keyAt(clock.instant())
                .equals(BoardPeriod.MONTHLY.keyAt(clock.instant().minus(Duration.ofDays(1))));
        assertThat(users(board(d, "global?period=monthly&limit=3")).getFirst()).isEqualTo(sameMonth ? a : d);

        assertProblem(api.as(fixtures.keyFor(a)).get("/v1/leaderboards/global?period=hourly"), 400, "invalid_period");
        assertProblem(api.as(fixtures.keyFor(a)).get("/v1/leaderboards/everyone"), 404, "board_not_found");
        assertProblem(api.as(fixtures.keyFor(a)).get("/v1/leaderboards/global?starting_after=usr_nobody"), 400,
                "invalid_cursor");
        assertThat(verification.verify().violations()).isEmpty();
    }

    @Test
    void friendsAskAndAcceptAndGroupsHaveTheirOwnBoards() {
        String x = fixtures.user();
        String y = fixtures.user();
        String z = fixtures.user();
        Api.Client asX = api.as(fixtures.keyFor(x));
        Api.Client asY = api.as(fixtures.keyFor(y));
        Api.Client asZ = api.as(fixtures.keyFor(z));

        Api.Response asked = asX.post("/v1/friends", Map.of("user_id", y));
        assertThat(asked.status()).as(asked.body().toString()).isEqualTo(201);
        assertThat(asked.text("status")).isEqualTo("requested");
        assertThat(asX.post("/v1/friends", Map.of("user_id", y)).status()).as("asking again changes nothing").isEqualTo(200);
        assertThat(asY.get("/v1/friends").body().path("data").get(0).path("status").asString()).isEqualTo("incoming");
        assertProblem(asX.post("/v1/friends", Map.of("user_id", x)), 400, "cannot_befriend_self");
        assertProblem(asX.post("/v1/friends", Map.of("user_id", "usr_nobody")), 404, "user_not_found");

        award(x, 30, "x");
        award(y, 50, "y");
        award(z, 70, "z");
        assertThat(users(board(x, "friends"))).as("a request is not a friendship yet").containsExactly(x);
        Api.Response accepted = asY.post("/v1/friends", Map.of("user_id", x));
        assertThat(accepted.status()).isEqualTo(201);
        assertThat(accepted.text("status")).isEqualTo("friends");
        assertThat(asX.get("/v1/friends").body().path("data").get(0).path("status").asString()).isEqualTo("friends");
        JsonNode friends = board(x, "friends?period=all_time");
        assertThat(users(friends)).containsExactly(y, x);
        assertThat(friends.path("data").get(1).path("rank").asLong()).isEqualTo(2);
        assertThat(board(x, "friends?around=me&neighbours=5").path("me").path("rank").asLong()).isEqualTo(2);

        assertThat(asX.delete("/v1/friends/" + y).status()).isEqualTo(204);
        assertThat(users(board(y, "friends"))).containsExactly(y);
        assertProblem(asX.delete("/v1/friends/" + y), 404, "friend_not_found");

        Api.Response group = asX.post("/v1/groups", Map.of("name", "Class 7A"));
        assertThat(group.status()).as(group.body().toString()).isEqualTo(201);
        String id = group.id();
        assertThat(id).startsWith("grp_");
        assertThat(group.body().path("members").toString()).as("the owner is the first member").contains(x);
        assertThat(asX.post("/v1/groups/" + id + "/members", Map.of("user_id", z)).status()).isEqualTo(201);
        assertThat(asX.post("/v1/groups/" + id + "/members", Map.of("user_id", z)).status()).isEqualTo(200);
        assertProblem(asZ.post("/v1/groups/" + id + "/members", Map.of("user_id", y)), 403, "forbidden");
        assertProblem(asY.get("/v1/groups/" + id), 404, "group_not_found");
        assertProblem(asY.get("/v1/leaderboards/group:" + id), 404, "group_not_found");
        assertProblem(asX.post("/v1/groups", Map.of("name", " ")), 400, "invalid_name");
        assertThat(asZ.get("/v1/groups").body().path("data").get(0).path("members").toString()).contains(x, z);
        assertThat(users(board(z, "group:" + id))).containsExactly(z, x);
        assertThat(board(x, "group:" + id + "?around=me").path("me").path("rank").asLong()).isEqualTo(2);
    }

    @Test
    void concurrentAwardsLeaveTheBoardsEqualToTheLedgerAndARebuildRestoresThem() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(fixtures.user());
        }
        Random random = new Random(7);
        List<Callable<Api.Response>> tasks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String user = users.get(random.nextInt(users.size()));
            long amount = 1 + random.nextInt(1000);
            int n = i;
            tasks.add(() -> award(user, amount, "race-" + n));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (Future<Api.Response> f : pool.invokeAll(tasks)) {
                assertThat(f.get().status()).as(f.get().body().toString()).isEqualTo(201);
            }
        }
        assertThat(boardRows()).as("every period of every user, as the ledger's postings say").isEqualTo(fromLedger());

        jdbc.update("UPDATE reward_board SET earned = earned + 1 WHERE user_id = ?", users.get(0));
        jdbc.update("DELETE FROM reward_board WHERE user_id = ? AND period_key = 'all'", users.get(1));
        assertThat(boardRows()).isNotEqualTo(fromLedger());
        assertProblem(api.as(fixtures.keyFor(users.get(0))).post("/v1/admin/leaderboards/rebuild", Map.of()), 403,
                "forbidden");
        Api.Response rebuilt = admin().post("/v1/admin/leaderboards/rebuild", Map.of());
        assertThat(rebuilt.status()).as(rebuilt.body().toString()).isEqualTo(200);
        assertThat(rebuilt.number("rows")).isEqualTo(fromLedger().size());
        assertThat(boardRows()).isEqualTo(fromLedger());
    }

    /** The board, as "period_key user_id" → "earned reached_at". */
    private Map<String, String> boardRows() {
        Map<String, String> rows = new TreeMap<>();
        jdbc.query("SELECT period_key, user_id, earned, reached_at FROM reward_board", rs -> {
            rows.put(rs.getString(1) + " " + rs.getString(2),
                    rs.getLong(3) + " " + rs.getTimestamp(4).toInstant());
        });
        return rows;
    }

    /**
     * The same, summed here from the ledger's postings to wallets (periods by BoardPeriod, in Java):
     * rewards.earn credits in the periods of their time, less rewards.expire debits in the periods
     * of the rewards.earn transaction of the same award (its reference).
     */
    private Map<String, String> fromLedger() {
        Map<String, Long> earned = new TreeMap<>();
        Map<String, Instant> reached = new TreeMap<>();
        jdbc.query("""
                SELECT a.owner_id, p.amount, t.created_at FROM ledger_postings p
                JOIN ledger_accounts a ON a.id = p.account_id AND a.purpose = 'rewards.wallet'
                JOIN ledger_transactions t ON t.id = p.transaction_id AND t.type = 'rewards.earn'""", rs -> {
            Instant at = rs.getTimestamp(3).toInstant();
            for (BoardPeriod period : BoardPeriod.values()) {
                String key = period.keyAt(at) + " " + rs.getString(1);
                earned.merge(key, rs.getLong(2), Long::sum);
                reached.merge(key, at, (l, r) -> l.isAfter(r) ? l : r);
            }
        });
        jdbc.query("""
                SELECT a.owner_id, p.amount, e.created_at FROM ledger_postings p
                JOIN ledger_accounts a ON a.id = p.account_id AND a.purpose = 'rewards.wallet'
                JOIN ledger_transactions x ON x.id = p.transaction_id AND x.type = 'rewards.expire'
                JOIN ledger_transactions e ON e.reference = x.reference AND e.type = 'rewards.earn'""", rs -> {
            for (BoardPeriod period : BoardPeriod.values()) {
                earned.merge(period.keyAt(rs.getTimestamp(3).toInstant()) + " " + rs.getString(1), rs.getLong(2), Long::sum);
            }
        });
        Map<String, String> rows = new TreeMap<>();
        earned.forEach((key, sum) -> {
            if (sum > 0) {
                rows.put(key, sum + " " + reached.get(key));
            }
        });
        return rows;
    }

    private JsonNode board(String user, String path) {
        Api.Response response = api.as(fixtures.keyFor(user)).get("/v1/leaderboards/" + path);
        assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static List<String> users(JsonNode board) {
        return board.path("data").findValuesAsString("user_id");
    }

    private Api.Response award(String user, long amount, String source) {
        Api.Response response = admin().post("/v1/rewards/awards", Map.of("rule", rule, "user_id", user,
                "source", source, "amount", amount));
        assertThat(response.status()).as(response.body().toString()).isIn(200, 201);
        return response;
    }
}
