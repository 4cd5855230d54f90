package dev.mercato.campaigns;

import dev.mercato.campaigns.core.Themes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What a buyer learns from a campaign's responses: the distribution of scores, responses per day
 * by status, the pass rate, each scorer's average, and the key themes of the accepted responses.
 */
@Service
public class CampaignAnalytics {

    static final int BUCKETS = 10;
    static final int THEMES = 15;
    static final int THEME_SAMPLE = 5_000;

    /** Responses scored in [from, to); the last bucket includes 1.0. */
    public record Bucket(double from, double to, int responses) {
    }

    public record Day(Instant day, int submitted, int paid, int inReview, int rejected, int failed) {
    }

    public record ScorerAverage(String scorer, double averageScore, int responses) {
    }

    public record Report(String campaignId, int responses, int decided, int passed, int borderline, int failed, int paid,
            Double passRate, Double acceptanceRate, Double averageScore, List<Bucket> scoreHistogram, List<Day> overTime,
            List<ScorerAverage> scorers, List<Themes.Theme> keyTerms, List<Themes.Theme> keyPhrases) {
    }

    private final JdbcClient jdbc;
    private final Submissions submissions;

    CampaignAnalytics(JdbcClient jdbc, Submissions submissions) {
        this.jdbc = jdbc;
        this.submissions = submissions;
    }

    public Report of(Campaign campaign) {
        String id = campaign.id();
        int[] counts = jdbc.sql("""
                SELECT count(*), count(outcome), count(*) FILTER (WHERE outcome = 'pass'),
                  count(*) FILTER (WHERE outcome = 'borderline'), count(*) FILTER (WHERE outcome = 'fail'),
                  count(*) FILTER (WHERE status = 'paid')
                FROM campaign_submissions WHERE campaign_id = :id""").param("id", id)
                .query((rs, n) -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6)})
                .single();
        Double average = jdbc.sql("SELECT avg(score) FROM campaign_submissions WHERE campaign_id = :id AND score IS NOT NULL")
                .param("id", id).query(Double.class).single();
        int[] histogram = new int[BUCKETS];
        jdbc.sql("""
                SELECT least(width_bucket(score, 0, 1, :buckets), :buckets) AS bucket, count(*) FROM campaign_submissions
                WHERE campaign_id = :id AND score IS NOT NULL GROUP BY 1""").param("id", id).param("buckets", BUCKETS)
                .query((rs, n) -> histogram[Math.max(1, rs.getInt(1)) - 1] += rs.getInt(2)).list();
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
            buckets.add(new Bucket(i / (double) BUCKETS, (i + 1) / (double) BUCKETS, histogram[i]));
        }
        List<Day> days = jdbc.sql("""
                SELECT date_trunc('day', submitted_at, 'UTC'), count(*), count(*) FILTER (WHERE status = 'paid'),
                  count(*) FILTER (WHERE status = 'in_review'), count(*) FILTER (WHERE status = 'rejected'),
                  count(*) FILTER (WHERE status = 'failed')
                FROM campaign_submissions WHERE campaign_id = :id GROUP BY 1 ORDER BY 1""").param("id", id)
                .query((rs, n) -> new Day(rs.getTimestamp(1).toInstant(), rs.getInt(2), rs.getInt(3), rs.getInt(4),
                        rs.getInt(5), rs.getInt(6))).list();
        List<ScorerAverage> scorers = jdbc.sql("""
                SELECT r->>'scorer', avg((r->>'score')::double precision), count(*)
                FROM campaign_submissions, jsonb_array_elements(verdict->'scorers') AS r
                WHERE campaign_id = :id AND verdict IS NOT NULL GROUP BY 1 ORDER BY 1""").param("id", id)
                .query((rs, n) -> new ScorerAverage(rs.getString(1), rs.getDouble(2), rs.getInt(3))).list();
        List<String> accepted = jdbc.sql("""
                SELECT text FROM campaign_submissions WHERE campaign_id = :id AND status = 'paid' ORDER BY submitted_at DESC
                LIMIT :limit""").param("id", id).param("limit", THEME_SAMPLE).query(String.class).list();
        Themes.Result themes = Themes.of(accepted, THEMES);
        int decided = counts[1];
        return new Report(id, counts[0], decided, counts[2], counts[3], counts[4], counts[5],
                decided == 0 ? null : counts[2] / (double) decided, decided == 0 ? null : counts[5] / (double) decided,
                average, buckets, days, scorers, themes.terms(), themes.phrases());
    }

    /** Every submission of the campaign in the order they came in, for export. */
    public List<Submission> responses(Campaign campaign) {
        return submissions.ofCampaign(campaign.id(), null, null, Integer.MAX_VALUE);
    }
}
