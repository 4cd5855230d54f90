package dev.mercato.reviews;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A buyer's review of a listing.
 *
 * @param reasons         why it went to the moderation queue (automatic check codes, {@code reported})
 * @param helpfulness     Wilson lower bound (95 %) of the helpful share of the votes
 */
public record Review(String id, String listingId, String sellerId, String authorId, int stars, String body,
        ReviewState state, List<String> reasons, String rejectionReason, Instant moderatedAt, String reply,
        Instant repliedAt, int helpfulVotes, int unhelpfulVotes, double helpfulness, Instant createdAt,
        Instant updatedAt) {

    /** The review as the audit trail keeps it: its verdict and counts, the text's length rather than the text. */
    Map<String, Object> auditState() {
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("listing_id", listingId);
        audited.put("author_id", authorId);
        audited.put("stars", stars);
        audited.put("text_length", body.length());
        audited.put("state", state().code());
        audited.put("reasons", reasons);
        audited.put("rejection_reason", rejectionReason);
        audited.put("reply_length", reply == null ? null : reply.length());
        audited.put("helpful_votes", helpfulVotes);
        audited.put("unhelpful_votes", unhelpfulVotes);
        return audited;
    }
}
