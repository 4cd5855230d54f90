package dev.mercato.reviews;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The reviews table with its votes and reports. */
@Repository
class Reviews {

    private static final String COLUMNS = """
            id, listing_id, seller_id, author_id, stars, body, state, flags, rejection_reason, moderated_at, reply,
            replied_at, helpful_votes, unhelpful_votes, helpfulness, created_at, updated_at""";

    private final JdbcClient jdbc;

    Reviews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Review r, String fingerprint) {
        jdbc.sql("""
                INSERT INTO reviews (id, listing_id, seller_id, author_id, stars, body, fingerprint, state, flags,
                                     created_at, updated_at)
                VALUES (:id, :listing, :seller, :author, :stars, :body, :fingerprint, :state, :flags, :at, :at)""")
                .param("id", r.id()).param("listing", r.listingId()).param("seller", r.sellerId())
                .param("author", r.authorId()).param("stars", r.stars()).param("body", r.body())
                .param("fingerprint", fingerprint).param("state", r.state().code())
                .param("flags", r.reasons().toArray(String[]::new)).param("at", Timestamp.from(r.createdAt()))
                .update();
    }

    Optional<Review> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reviews WHERE id = :id").param("id", id)
                .query(Reviews::map).optional();
    }

    /** Reads and locks a review: changes to one review (edits, votes, reports, moderation) take turns. */
    Optional<Review> lock(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reviews WHERE id = :id FOR UPDATE").param("id", id)
                .query(Reviews::map).optional();
    }

    boolean exists(String listingId, String authorId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM reviews WHERE listing_id = :listing AND author_id = :author)")
                .param("listing", listingId).param("author", authorId).query(Boolean.class).single();
    }

    /** Whether a review other than {@code exceptId} already has this text. */
    boolean sameTextExists(String fingerprint, String exceptId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM reviews WHERE fingerprint = :fingerprint
                               AND (CAST(:except AS text) IS NULL OR id <> :except))""")
                .param("fingerprint", fingerprint).param("except", exceptId).query(Boolean.class).single();
    }

    /** New stars and text, and the moderation that follows from them; earlier decisions and reports no longer apply. */
    void rewrite(String id, int stars, String body, String fingerprint, ReviewState state, List<String> flags, Instant at) {
        jdbc.sql("""
                UPDATE reviews SET stars = :stars, body = :body, fingerprint = :fingerprint, state = :state, flags = :flags,
                       rejection_reason = NULL, moderated_by = NULL, moderated_at = NULL, open_reports = 0, updated_at = :at
                WHERE id = :id""")
                .param("id", id).param("stars", stars).param("body", body).param("fingerprint", fingerprint)
                .param("state", state.code()).param("flags", flags.toArray(String[]::new)).param("at", Timestamp.from(at))
                .update();
    }

    void moderate(String id, ReviewState state, String reason, String operatorId, Instant at) {
        jdbc.sql("""
                UPDATE reviews SET state = :state, rejection_reason = :reason, moderated_by = :operator, moderated_at = :at,
                       open_reports = 0, updated_at = :at
                WHERE id = :id""")
                .param("id", id).param("state", state.code()).param("reason", reason).param("operator", operatorId)
                .param("at", Timestamp.from(at)).update();
    }

    /** Back to the queue because users reported it. */
    void requeue(String id, String flag, Instant at) {
        jdbc.sql("""
                UPDATE reviews SET state = 'pending', updated_at = :at,
                       flags = CASE WHEN :flag = ANY (flags) THEN flags ELSE array_append(flags, :flag) END
                WHERE id = :id""")
                .param("id", id).param("flag", flag).param("at", Timestamp.from(at)).update();
    }

    void delete(String id) {
        jdbc.sql("DELETE FROM reviews WHERE id = :id").param("id", id).update();
    }

    void reply(String id, String reply, Instant at) {
        jdbc.sql("UPDATE reviews SET reply = :reply, replied_at = :at, updated_at = :at WHERE id = :id")
                .param("id", id).param("reply", reply).param("at", Timestamp.from(at)).update();
    }

    /** Records or changes the user's vote, then recounts the review's votes and its Wilson score. */
    void vote(String id, String userId, boolean helpful, Instant at) {
        jdbc.sql("""
                INSERT INTO review_votes (review_id, user_id, helpful, voted_at) VALUES (:id, :user, :helpful, :at)
                ON CONFLICT (review_id, user_id) DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at""")
                .param("id", id).param("user", userId).param("helpful", helpful).param("at", Timestamp.from(at)).update();
        record Tally(int helpful, int unhelpful) {
        }
        Tally tally = jdbc.sql("SELECT count(*) FILTER (WHERE helpful), count(*) FILTER (WHERE NOT helpful) FROM review_votes WHERE review_id = :id")
                .param("id", id).query((rs, n) -> new Tally(rs.getInt(1), rs.getInt(2))).single();
        jdbc.sql("UPDATE reviews SET helpful_votes = :up, unhelpful_votes = :down, helpfulness = :score WHERE id = :id")
                .param("id", id).param("up", tally.helpful()).param("down", tally.unhelpful())
                .param("score", RatingMath.wilsonLowerBound(tally.helpful(), tally.unhelpful())).update();
    }

    /** Records the user's report; returns the reports since the last moderation decision, or -1 when the user had reported it already. */
    int report(String id, String userId, String reason, Instant at) {
        int added = jdbc.sql("""
                INSERT INTO review_reports (review_id, user_id, reason, reported_at) VALUES (:id, :user, :reason, :at)
                ON CONFLICT DO NOTHING""")
                .param("id", id).param("user", userId).param("reason", reason).param("at", Timestamp.from(at)).update();
        if (added == 0) {
            return -1;
        }
        return jdbc.sql("UPDATE reviews SET open_reports = open_reports + 1 WHERE id = :id RETURNING open_reports")
                .param("id", id).query(Integer.class).single();
    }

    /**
     * One page of a listing's reviews in the given order: approved ones, plus the viewer's own in any
     * state. {@code after} is the review the previous page ended with.
     */
    List<Review> ofListing(String listingId, String viewerId, ReviewSort sort, Review after, int limit) {
        String order = switch (sort) {
            case HELPFUL -> "helpfulness DESC, id DESC";
            case NEWEST -> "created_at DESC, id DESC";
            case RATING_DESC -> "stars DESC, id DESC";
            case RATING_ASC -> "stars ASC, id DESC";
        };
        String keyset = after == null ? "" : switch (sort) {
            case HELPFUL -> " AND (helpfulness, id) < (:key_helpfulness, :key_id)";
            case NEWEST -> " AND (created_at, id) < (:key_created, :key_id)";
            case RATING_DESC -> " AND (stars, id) < (:key_stars, :key_id)";
            case RATING_ASC -> " AND (stars > :key_stars OR (stars = :key_stars AND id < :key_id))";
        };
        JdbcClient.StatementSpec query = jdbc.sql("SELECT " + COLUMNS
                + " FROM reviews WHERE listing_id = :listing AND (state = 'approved' OR author_id = CAST(:viewer AS text))"
                + keyset + " ORDER BY " + order + " LIMIT :limit")
                .param("listing", listingId).param("viewer", viewerId).param("limit", limit);
        if (after != null) {
            query = query.param("key_id", after.id()).param("key_helpfulness", after.helpfulness())
                    .param("key_created", Timestamp.from(after.createdAt())).param("key_stars", after.stars());
        }
        return query.query(Reviews::map).list();
    }

    /** The moderation queue (or the reviews of another state), optionally of one listing, oldest first: first come, first moderated. */
    List<Review> inState(ReviewState state, String listingId, String startingAfter, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM reviews
                WHERE state = :state AND (CAST(:listing AS text) IS NULL OR listing_id = :listing)
                  AND (CAST(:after AS text) IS NULL OR id > :after)
                ORDER BY id LIMIT :limit""")
                .param("state", state.code()).param("listing", listingId).param("after", startingAfter).param("limit", limit)
                .query(Reviews::map).list();
    }

    private static Review map(ResultSet rs, int row) throws SQLException {
        Array flags = rs.getArray("flags");
        return new Review(rs.getString("id"), rs.getString("listing_id"), rs.getString("seller_id"),
                rs.getString("author_id"), rs.getInt("stars"), rs.getString("body"), ReviewState.of(rs.getString("state")),
                List.copyOf(Arrays.asList((String[]) flags.getArray())), rs.getString("rejection_reason"),
                instant(rs, "moderated_at"), rs.getString("reply"), instant(rs, "replied_at"), rs.getInt("helpful_votes"),
                rs.getInt("unhelpful_votes"), rs.getDouble("helpfulness"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
