package dev.mercato.search;

import dev.mercato.catalog.ListingManagement;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.AuditLog;
import dev.mercato.platform.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Featured placements: operators curate them, and a module that sells placements (rewards,
 * payments) calls {@link #feature} once paid. A placement shows while its period covers now and
 * its listing is published in an active category; featured listings are always their own block.
 */
@Service
public class Featuring {

    private static final String AUDITED = "featured_placement";

    private final JdbcClient jdbc;
    private final ListingManagement listings;
    private final ListingSearch search;
    private final Clock clock;
    private final AuditLog audit;

    Featuring(JdbcClient jdbc, ListingManagement listings, ListingSearch search, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.listings = listings;
        this.search = search;
        this.clock = clock;
    }

    /**
     * Features a published listing from {@code from} until {@code until}. Called again with the same
     * source and non-null reference, it returns the placement made the first time.
     */
    @Transactional
    public FeaturedPlacement feature(String listingId, Instant from, Instant until, FeaturedPlacement.Source source,
            String reference) {
        if (from == null || until == null || !until.isAfter(from)) {
            throw ApiException.invalid("invalid_period", "starts_at and ends_at are required and ends_at must be after starts_at");
        }
        if (source == null) {
            throw ApiException.invalid("invalid_source", "source must be curated or purchased");
        }
        if (reference != null && (reference.isBlank() || reference.length() > 200)) {
            throw ApiException.invalid("invalid_reference", "reference must be 1 to 200 characters");
        }
        if (listingId == null || listingId.isBlank()) {
            throw ApiException.invalid("validation_failed", "listing_id is required");
        }
        listings.purchasable(listingId);
        if (reference != null) {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('featured:' || :source || ':' || :reference))")
                    .param("source", source.code()).param("reference", reference).query(Object.class).single();
            Optional<FeaturedPlacement> existing = jdbc.sql("SELECT * FROM featured_placements WHERE source = :source AND reference = :reference")
                    .param("source", source.code()).param("reference", reference).query(this::map).optional();
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        FeaturedPlacement placement = new FeaturedPlacement(Ids.next("fpl", clock), listingId, from, until, source,
                reference, clock.instant(), null);
        jdbc.sql("""
                INSERT INTO featured_placements (id, listing_id, starts_at, ends_at, source, reference, created_at)
                VALUES (:id, :listing, :from, :until, :source, :reference, :at)""")
                .param("id", placement.id()).param("listing", listingId).param("from", Timestamp.from(from))
                .param("until", Timestamp.from(until)).param("source", source.code()).param("reference", reference)
                .param("at", Timestamp.from(placement.createdAt())).update();
        audit.changed(AUDITED, placement.id(), null, placement);
        return placement;
    }

    /** Ends a placement at once; it stays listed for operators with its removal time. */
    @Transactional
    public FeaturedPlacement remove(String placementId) {
        FeaturedPlacement before = find(placementId)
                .orElseThrow(() -> ApiException.notFound("placement_not_found", "no placement " + placementId));
        jdbc.sql("UPDATE featured_placements SET removed_at = :at WHERE id = :id AND removed_at IS NULL")
                .param("id", placementId).param("at", Timestamp.from(clock.instant())).update();
        FeaturedPlacement after = find(placementId).orElseThrow();
        audit.changed(AUDITED, placementId, before, after);
        return after;
    }

    public Optional<FeaturedPlacement> find(String placementId) {
        return jdbc.sql("SELECT * FROM featured_placements WHERE id = :id").param("id", placementId).query(this::map).optional();
    }

    /** All placements, newest first, for operators; {@code listingId} narrows to one listing. */
    public List<FeaturedPlacement> placements(String listingId, String startingAfter, int limit) {
        return jdbc.sql("""
                SELECT * FROM featured_placements
                WHERE (CAST(:listing AS text) IS NULL OR listing_id = :listing)
                  AND (CAST(:after AS text) IS NULL OR id < :after)
                ORDER BY id DESC LIMIT :limit""")
                .param("listing", listingId).param("after", startingAfter).param("limit", limit).query(this::map).list();
    }

    /** The featured block: current placements of visible listings, optionally within a category and its sub-categories. */
    public List<FeaturedHit> current(String categoryId, int limit) {
        SearchRequest request = new SearchRequest(null, categoryId, null, null, null, null, null, null, null, null, null,
                null, limit, false);
        ListingSearch.Category category = categoryId == null ? ListingSearch.Category.NONE : search.category(categoryId);
        return search.featured(ListingSearch.where(request, null, category), limit);
    }

    private FeaturedPlacement map(ResultSet rs, int n) throws SQLException {
        Timestamp removed = rs.getTimestamp("removed_at");
        return new FeaturedPlacement(rs.getString("id"), rs.getString("listing_id"), rs.getTimestamp("starts_at").toInstant(),
                rs.getTimestamp("ends_at").toInstant(), FeaturedPlacement.Source.of(rs.getString("source")),
                rs.getString("reference"), rs.getTimestamp("created_at").toInstant(),
                removed == null ? null : removed.toInstant());
    }
}
