package dev.mercato.rewards.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import dev.mercato.rewards.BoardEntry;
import dev.mercato.rewards.BoardPeriod;
import dev.mercato.rewards.Friend;
import dev.mercato.rewards.Leaderboards;
import dev.mercato.rewards.RewardGroup;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Leaderboards of tokens earned, friends and groups (docs/rewards.md "Leaderboards"). */
@RestController
class LeaderboardsController {

    private static final int MAX_NEIGHBOURS = 50;

    private final Leaderboards leaderboards;

    LeaderboardsController(Leaderboards leaderboards) {
        this.leaderboards = leaderboards;
    }

    record BoardView(String board, String period, String periodKey, List<BoardEntry> data, boolean hasMore, BoardEntry me) {
    }

    record FriendBody(String userId) {
    }

    record FriendList(List<Friend> data) {
    }

    record GroupBody(String name) {
    }

    record MemberBody(String userId) {
    }

    record GroupList(List<RewardGroup> data) {
    }

    record Rebuilt(int rows) {
    }

    /**
     * A board's top ({@code limit}, {@code starting_after} a user id) or, with {@code around=me},
     * the caller's rank with {@code neighbours} users either side.
     */
    @GetMapping("/v1/leaderboards/{board}")
    BoardView board(Caller caller, @PathVariable String board, @RequestParam(required = false) String period,
            @RequestParam(required = false) String around, @RequestParam(required = false) Integer neighbours,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        BoardPeriod p = BoardPeriod.parse(period);
        if (!board.equals("global")) {
            requireUser(caller);
        }
        Leaderboards.BoardPage page;
        if (around != null) {
            if (!around.equals("me")) {
                throw ApiException.invalid("invalid_around", "around is me");
            }
            requireUser(caller);
            int n = neighbours == null ? 5 : neighbours;
            if (n < 0 || n > MAX_NEIGHBOURS) {
                throw ApiException.invalid("invalid_neighbours", "neighbours is 0 to " + MAX_NEIGHBOURS);
            }
            page = leaderboards.around(caller, board, p, n);
        } else {
            page = leaderboards.top(caller, board, p, startingAfter, Page.limit(limit));
        }
        return new BoardView(page.board(), page.period().wire(), page.periodKey(), page.data(), page.hasMore(), page.me());
    }

    /** Recomputes every board from the ledger (operators). */
    @PostMapping("/v1/admin/leaderboards/rebuild")
    Rebuilt rebuild(Caller caller) {
        caller.requireAdmin();
        return new Rebuilt(leaderboards.rebuild());
    }

    /** Asks a user to be friends, or accepts their request (201 when this changed something, 200 when not). */
    @PostMapping("/v1/friends")
    ResponseEntity<Friend> befriend(Caller caller, @RequestBody FriendBody body) {
        requireUser(caller);
        Leaderboards.Changed<Friend> friend = leaderboards.befriend(caller.userId(), body.userId());
        return ResponseEntity.status(friend.changed() ? 201 : 200).body(friend.value());
    }

    @GetMapping("/v1/friends")
    FriendList friends(Caller caller) {
        requireUser(caller);
        return new FriendList(leaderboards.friends(caller.userId()));
    }

    /** Ends a friendship, withdraws or declines a request: 204, or 404 when there was none. */
    @DeleteMapping("/v1/friends/{userId}")
    ResponseEntity<Void> unfriend(Caller caller, @PathVariable String userId) {
        requireUser(caller);
        if (!leaderboards.unfriend(caller.userId(), userId)) {
            throw ApiException.notFound("friend_not_found", "no friendship or request with " + userId);
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/v1/groups")
    ResponseEntity<RewardGroup> createGroup(Caller caller, @RequestBody GroupBody body) {
        requireUser(caller);
        return ResponseEntity.status(201).body(leaderboards.createGroup(caller.userId(), body.name()));
    }

    /** The caller's groups (those they are a member of). */
    @GetMapping("/v1/groups")
    GroupList groups(Caller caller) {
        requireUser(caller);
        return new GroupList(leaderboards.groupsOf(caller.userId()));
    }

    @GetMapping("/v1/groups/{id}")
    RewardGroup group(Caller caller, @PathVariable String id) {
        return leaderboards.visibleGroup(caller, id);
    }

    /** The owner adds a member: 201 added, 200 already one. */
    @PostMapping("/v1/groups/{id}/members")
    ResponseEntity<RewardGroup> addMember(Caller caller, @PathVariable String id, @RequestBody MemberBody body) {
        Leaderboards.Changed<RewardGroup> group = leaderboards.addMember(caller, id, body.userId());
        return ResponseEntity.status(group.changed() ? 201 : 200).body(group.value());
    }

    private static void requireUser(Caller caller) {
        if (caller.userId() == null) {
            throw ApiException.invalid("user_required", "this endpoint answers for a user: use a user's key");
        }
    }
}
