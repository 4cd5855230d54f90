package dev.mercato.reviews;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each listing's approved-review aggregate, recounted inside the transaction that changed its reviews. */
@Repository
class ListingRatings {

    /** Approved reviews summed: count, total stars and how many gave 1..5 stars. */
    record Tally(int count, long starTotal, List<Integer> histogram) {

        static final Tally NONE = new Tally(0, 0, List.of(0, 0, 0, 0, 0));
    }

    private final JdbcClient jdbc;

    ListingRatings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Recounts the listing's approved reviews and stores the result; returns it when it differs from
     * what was stored. The listing's row is locked first, so concurrent changes to its reviews
     * recount one after the other and the last one sees them all.
     */
    Optional<Tally> recount(String listingId, double priorMean, double priorWeight, Instant at) {
        jdbc.sql("INSERT INTO listing_ratings (listing_id, bayesian_average, updated_at) VALUES (:listing, :prior, :at) ON CONFLICT DO NOTHING")
                .param("listing", listingId).param("prior", priorMean).param("at", Timestamp.from(at)).update();
        Tally before = jdbc.sql("SELECT * FROM listing_ratings WHERE listing_id = :listing FOR UPDATE")
                .param("listing", listingId).query(ListingRatings::map).single();
        Tally now = jdbc.sql("""
                SELECT count(*) AS review_count, coalesce(sum(stars), 0) AS star_total,
                       count(*) FILTER (WHERE stars = 1) AS stars_1, count(*) FILTER (WHERE stars = 2) AS stars_2,
                       count(*) FILTER (WHERE stars = 3) AS stars_3, count(*) FILTER (WHERE stars = 4) AS stars_4,
                       count(*) FILTER (WHERE stars = 5) AS stars_5
                FROM reviews WHERE listing_id = :listing AND state = 'approved'""")
                .param("listing", listingId).query(ListingRatings::map).single();
        if (now.equals(before)) {
            return Optional.empty();
        }
        List<Integer> h = now.histogram();
        jdbc.sql("""
                UPDATE listing_ratings SET review_count = :count, star_total = :total, stars_1 = :s1, stars_2 = :s2,
                       stars_3 = :s3, stars_4 = :s4, stars_5 = :s5, mean = :mean, bayesian_average = :bayesian, updated_at = :at
                WHERE listing_id = :listing""")
                .param("listing", listingId).param("count", now.count()).param("total", now.starTotal())
                .param("s1", h.get(0)).param("s2", h.get(1)).param("s3", h.get(2)).param("s4", h.get(3)).param("s5", h.get(4))
                .param("mean", RatingMath.mean(now.count(), now.starTotal()))
                .param("bayesian", RatingMath.bayesianAverage(now.count(), now.starTotal(), priorMean, priorWeight))
                .param("at", Timestamp.from(at)).update();
        return Optional.of(now);
    }

    Tally find(String listingId) {
        return jdbc.sql("SELECT * FROM listing_ratings WHERE listing_id = :listing").param("listing", listingId)
                .query(ListingRatings::map).optional().orElse(Tally.NONE);
    }

    private static Tally map(ResultSet rs, int row) throws SQLException {
        return new Tally(rs.getInt("review_count"), rs.getLong("star_total"), List.of(rs.getInt("stars_1"),
                rs.getInt("stars_2"), rs.getInt("stars_3"), rs.getInt("stars_4"), rs.getInt("stars_5")));
    }
}
