package dev.mercato.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** Immutable snapshots of listings as they were offered. */
@Repository
class ListingVersions {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ListingVersions(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(ListingVersion v) {
        jdbc.sql("""
                INSERT INTO listing_versions (listing_id, version, title, description, category_id, tags, price_amount,
                                              price_currency, attributes, media_urls, file_ids, created_at)
                VALUES (:listing, :version, :title, :description, :category, :tags, :amount, :currency,
                        :attributes::jsonb, :media, :files, :at)""")
                .param("listing", v.listingId()).param("version", v.version()).param("title", v.title())
                .param("description", v.description()).param("category", v.categoryId())
                .param("tags", v.tags().toArray(String[]::new)).param("amount", v.priceAmount())
                .param("currency", v.priceCurrency()).param("attributes", json.writeValueAsString(v.attributes()))
                .param("media", v.mediaUrls().toArray(String[]::new)).param("files", v.fileIds().toArray(String[]::new))
                .param("at", Timestamp.from(v.createdAt()))
                .update();
    }

    Optional<ListingVersion> find(String listingId, int version) {
        return jdbc.sql("""
                SELECT v.*, v.attributes::text AS attributes_text, l.seller_id, l.kind
                FROM listing_versions v JOIN listings l ON l.id = v.listing_id
                WHERE v.listing_id = :listing AND v.version = :version""")
                .param("listing", listingId).param("version", version).query(this::map).optional();
    }

    /** The published version of a listing that is published now, in one query; empty if there is none. */
    Optional<ListingVersion> published(String listingId) {
        return jdbc.sql("""
                SELECT v.*, v.attributes::text AS attributes_text, l.seller_id, l.kind
                FROM listings l JOIN listing_versions v ON v.listing_id = l.id AND v.version = l.published_version
                WHERE l.id = :listing AND l.status = 'published'""")
                .param("listing", listingId).query(this::map).optional();
    }

    private ListingVersion map(ResultSet rs, int n) throws SQLException {
        return new ListingVersion(rs.getString("listing_id"), rs.getInt("version"), rs.getString("seller_id"),
                ListingKind.of(rs.getString("kind")), rs.getString("title"), rs.getString("description"),
                rs.getString("category_id"), Listings.strings(rs.getArray("tags")), rs.getLong("price_amount"),
                rs.getString("price_currency"), json.readValue(rs.getString("attributes_text"), Listings.ATTRIBUTES),
                Listings.strings(rs.getArray("media_urls")), Listings.strings(rs.getArray("file_ids")),
                rs.getTimestamp("created_at").toInstant());
    }
}
