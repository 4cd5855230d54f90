package dev.mercato.rewards;

import dev.mercato.identity.UserManagement;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Ids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Leaderboards of tokens earned per period (global, the caller's friends, a group), friends and
 * groups. The board's rows are written by {@link Rewards#award} in the award's transaction, so they
 * always agree with the ledger; {@link #rebuild()} recomputes them from the ledger.
 */
@Service
public class Leaderboards {

    /** The most friends (and requests) a user has, and members a group has: their boards are ranked whole. */
    public static final int MAX_FRIENDS = 1000;
    public static final int MAX_MEMBERS = 1000;

    private final LeaderboardStore store;
    private final UserManagement users;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;
    private final String asset;

    Leaderboards(LeaderboardStore store, UserManagement users, TransactionTemplate transactions, AuditLog audit,
            Clock clock, RewardsProperties properties) {
        this.store = store;
        this.users = users;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.asset = properties.asset();
    }

    /** A page of a board: its entries in order with their ranks; {@code me} is set for an around-me view. */
    public record BoardPage(String board, BoardPeriod period, String periodKey, List<BoardEntry> data, boolean hasMore,
            BoardEntry me) {
    }

    /**
     * The top of a board from {@code startingAfter} (a user id on it) or the top.
     *
     * @param board {@code global}, {@code friends} (the caller's) or {@code group:<id>} (a member's or an admin's)
     */
    public BoardPage top(Caller caller, String board, BoardPeriod period, String startingAfter, int limit) {
        String key = period.keyAt(clock.instant());
        if (board.equals("global")) {
            BoardEntry after = null;
            long rank = 0;
            if (startingAfter != null) {
                after = store.entry(key, startingAfter).orElseThrow(() -> ApiException.invalid("invalid_cursor",
                        "starting_after " + startingAfter + " is not on this board"));
                rank = store.ahead(key, after) + 1;
            }
            List<BoardEntry> rows = store.below(key, after, limit + 1);
            List<BoardEntry> ranked = new ArrayList<>();
            for (int i = 0; i < Math.min(limit, rows.size()); i++) {
                BoardEntry e = rows.get(i);
                ranked.add(new BoardEntry(rank + i + 1, e.userId(), e.earned(), e.reachedAt()));
            }
            return new BoardPage(board, period, key, ranked, rows.size() > limit, null);
        }
        List<BoardEntry> all = store.ranked(key, members(caller, board));
        int from = 0;
        if (startingAfter != null) {
            from = indexOf(all, startingAfter) + 1;
            if (from == 0) {
                throw ApiException.invalid("invalid_cursor", "starting_after " + startingAfter + " is not on this board");
            }
        }
        int to = Math.min(all.size(), from + limit);
        return new BoardPage(board, period, key, all.subList(from, to), to < all.size(), null);
    }

    /**
     * The caller's place on a board with up to {@code neighbours} users either side. A caller who
     * earned nothing in the period is not on it: {@code me} is null and the list empty.
     */
    public BoardPage around(Caller caller, String board, BoardPeriod period, int neighbours) {
        String key = period.keyAt(clock.instant());
        String me = caller.userId();
        if (board.equals("global")) {
            BoardEntry mine = store.entry(key, me).orElse(null);
            if (mine == null) {
                return new BoardPage(board, period, key, List.of(), false, null);
            }
            long rank = store.ahead(key, mine) + 1;
            List<BoardEntry> above = store.above(key, mine, neighbours);
            List<BoardEntry> below = store.below(key, mine, neighbours + 1);
            List<BoardEntry> rows = new ArrayList<>();
            for (int i = 0; i < above.size(); i++) {
                BoardEntry e = above.get(i);
                rows.add(new BoardEntry(rank - above.size() + i, e.userId(), e.earned(), e.reachedAt()));
            }
            BoardEntry self = new BoardEntry(rank, mine.userId(), mine.earned(), mine.reachedAt());
            rows.add(self);
            for (int i = 0; i < Math.min(neighbours, below.size()); i++) {
                BoardEntry e = below.get(i);
                rows.add(new BoardEntry(rank + i + 1, e.userId(), e.earned(), e.reachedAt()));
            }
            return new BoardPage(board, period, key, rows, below.size() > neighbours, self);
        }
        List<BoardEntry> all = store.ranked(key, members(caller, board));
        int at = indexOf(all, me);
        if (at < 0) {
            return new BoardPage(board, period, key, List.of(), false, null);
        }
        int to = Math.min(all.size(), at + neighbours + 1);
        return new BoardPage(board, period, key, all.subList(Math.max(0, at - neighbours), to), to < all.size(), all.get(at));
    }

    /** Recomputes every board from the ledger's rewards.earn transactions; returns the rows written. */
    public int rebuild() {
        return transactions.execute(status -> {
            int rows = store.rebuild(asset);
            audit.changed("leaderboard", "all", null, Map.of("rows", rows));
            return rows;
        });
    }

    /** The users a friends or group board ranks, after checking the caller may see it. */
    private Set<String> members(Caller caller, String board) {
        if (board.equals("friends")) {
            Set<String> set = new LinkedHashSet<>();
            set.add(caller.userId());
            friends(caller.userId()).stream().filter(f -> f.status().equals("friends")).forEach(f -> set.add(f.userId()));
            return set;
        }
        if (board.startsWith("group:")) {
            RewardGroup group = visibleGroup(caller, board.substring("group:".length()));
            return new LinkedHashSet<>(group.members());
        }
        throw ApiException.notFound("board_not_found", "boards are global, friends and group:<id>; not " + board);
    }

    private static int indexOf(List<BoardEntry> entries, String userId) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).userId().equals(userId)) {
                return i;
            }
        }
        return -1;
    }

    /** What a request left, and whether it changed anything (an idempotent repeat does not). */
    public record Changed<T>(T value, boolean changed) {
    }

    // friends

    /**
     * The user asks another to be friends; when the other had asked them, they are friends now.
     * Asking again changes nothing. Returns the other user as the caller now sees them.
     */
    public Changed<Friend> befriend(String userId, String friendId) {
        if (friendId == null || friendId.isBlank()) {
            throw ApiException.invalid("missing_user_id", "send the user_id of the user to befriend");
        }
        if (friendId.equals(userId)) {
            throw ApiException.invalid("cannot_befriend_self", "a user cannot befriend themself");
        }
        users.find(friendId).orElseThrow(() -> ApiException.notFound("user_not_found", "no user " + friendId));
        return transactions.execute(status -> {
            Friend before = store.friend(userId, friendId).orElse(null);
            if (before != null && !before.status().equals("incoming")) {
                return new Changed<>(before, false);
            }
            if (store.friends(userId).size() >= MAX_FRIENDS) {
                throw new ApiException(409, "too_many_friends", "a user has at most " + MAX_FRIENDS + " friends and requests");
            }
            store.request(userId, friendId, clock.instant());
            Friend after = store.friend(userId, friendId).orElseThrow();
            audit.changed("friend", userId + ":" + friendId, before, after);
            return new Changed<>(after, true);
        });
    }

    /** Ends a friendship, withdraws a request or declines one; false when there was nothing between them. */
    public boolean unfriend(String userId, String friendId) {
        return transactions.execute(status -> {
            Friend before = store.friend(userId, friendId).orElse(null);
            if (before == null) {
                return false;
            }
            store.unfriend(userId, friendId);
            audit.changed("friend", userId + ":" + friendId, before, null);
            return true;
        });
    }

    public List<Friend> friends(String userId) {
        return store.friends(userId);
    }

    // groups

    /** Creates a group owned by the user, who is its first member. */
    public RewardGroup createGroup(String ownerId, String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw ApiException.invalid("invalid_name", "a group needs a name of at most 100 characters");
        }
        return transactions.execute(status -> {
            String id = Ids.next("grp", clock);
            store.insertGroup(id, name.strip(), ownerId, clock.instant());
            store.addMember(id, ownerId, clock.instant());
            RewardGroup created = store.group(id).orElseThrow();
            audit.changed("group", id, null, created);
            return created;
        });
    }

    /** The group's owner (or an admin) adds a member; adding one again changes nothing. */
    public Changed<RewardGroup> addMember(Caller caller, String groupId, String userId) {
        if (userId == null || userId.isBlank()) {
            throw ApiException.invalid("missing_user_id", "send the user_id of the member to add");
        }
        RewardGroup group = store.group(groupId).orElseThrow(() -> notFound(groupId));
        if (!caller.admin() && !group.ownerId().equals(caller.userId())) {
            if (group.members().contains(caller.userId())) {
                throw ApiException.forbidden("only the group's owner adds members");
            }
            throw notFound(groupId);
        }
        users.find(userId).orElseThrow(() -> ApiException.notFound("user_not_found", "no user " + userId));
        return transactions.execute(status -> {
            store.lockGroup(groupId);
            RewardGroup before = store.group(groupId).orElseThrow();
            if (before.members().contains(userId)) {
                return new Changed<>(before, false);
            }
            if (store.memberCount(groupId) >= MAX_MEMBERS) {
                throw new ApiException(409, "group_full", "a group has at most " + MAX_MEMBERS + " members");
            }
            store.addMember(groupId, userId, clock.instant());
            RewardGroup after = store.group(groupId).orElseThrow();
            audit.changed("group", groupId, before, after);
            return new Changed<>(after, true);
        });
    }

    public List<RewardGroup> groupsOf(String userId) {
        return store.groupsOf(userId);
    }

    /** A group its members and admins see; 404 for anyone else (its existence is not theirs to learn). */
    public RewardGroup visibleGroup(Caller caller, String groupId) {
        RewardGroup group = store.group(groupId).orElseThrow(() -> notFound(groupId));
        if (!caller.admin() && !group.members().contains(caller.userId())) {
            throw notFound(groupId);
        }
        return group;
    }

    private static ApiException notFound(String groupId) {
        return ApiException.notFound("group_not_found", "no group " + groupId);
    }
}
