package dev.mercato.catalog;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The listings table: working copies, their status and version counters. */
@Repository
class Listings {

    static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            id, seller_id, kind, status, title, description, category_id, tags, price_amount, price_currency,
            attributes::text AS attributes, media_urls, published_version, latest_version, changed,
            created_at, updated_at, published_at, archived_at""";

    /** A row with the facts the service needs beside the public record. */
    record Row(Listing listing, boolean changed) {
    }

    /** Filters for listing reads; null means any. */
    record Filter(String sellerId, String categoryId, ListingStatus status) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final ListingFiles files;

    Listings(JdbcClient jdbc, ObjectMapper json, ListingFiles files) {
        this.jdbc = jdbc;
        this.json = json;
        this.files = files;
    }

    void insert(Listing l) {
        jdbc.sql("""
                INSERT INTO listings (id, seller_id, kind, status, title, description, category_id, tags, price_amount,
                                      price_currency, attributes, media_urls, created_at, updated_at)
                VALUES (:id, :seller, :kind, :status, :title, :description, :category, :tags, :amount, :currency,
                        :attributes::jsonb, :media, :now, :now)""")
                .param("id", l.id()).param("seller", l.sellerId()).param("kind", l.kind().code())
                .param("status", l.status().code()).param("title", l.title()).param("description", l.description())
                .param("category", l.categoryId()).param("tags", l.tags().toArray(String[]::new))
                .param("amount", l.priceAmount()).param("currency", l.priceCurrency())
                .param("attributes", json.writeValueAsString(l.attributes()))
                .param("media", l.mediaUrls().toArray(String[]::new)).param("now", Timestamp.from(l.createdAt()))
                .update();
    }

    /** Reads and locks a listing for a change; concurrent changes to one listing take turns. */
    Optional<Row> lock(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM listings WHERE id = :id FOR UPDATE").param("id", id)
                .query(this::row).optional();
    }

    Optional<Listing> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM listings WHERE id = :id").param("id", id)
                .query(this::row).optional().map(Row::listing);
    }

    List<Listing> list(Filter filter, String startingAfter, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM listings
                WHERE (CAST(:seller AS text) IS NULL OR seller_id = :seller)
                  AND (CAST(:category AS text) IS NULL OR category_id = :category)
                  AND (CAST(:status AS text) IS NULL OR status = :status)
                  AND id > :after
                ORDER BY id LIMIT :limit""")
                .param("seller", filter.sellerId()).param("category", filter.categoryId())
                .param("status", filter.status() == null ? null : filter.status().code())
                .param("after", startingAfter == null ? "" : startingAfter).param("limit", limit)
                .query(this::row).list().stream().map(Row::listing).toList();
    }

    /** Writes the working copy's fields; {@code changed} says whether it now differs from the latest version. */
    void saveContent(Listing l, boolean changed, Instant now) {
        jdbc.sql("""
                UPDATE listings SET title = :title, description = :description, category_id = :category, tags = :tags,
                       price_amount = :amount, price_currency = :currency, attributes = :attributes::jsonb,
                       media_urls = :media, changed = :changed, updated_at = :now
                WHERE id = :id""")
                .param("id", l.id()).param("title", l.title()).param("description", l.description())
                .param("category", l.categoryId()).param("tags", l.tags().toArray(String[]::new))
                .param("amount", l.priceAmount()).param("currency", l.priceCurrency())
                .param("attributes", json.writeValueAsString(l.attributes()))
                .param("media", l.mediaUrls().toArray(String[]::new)).param("changed", changed)
                .param("now", Timestamp.from(now))
                .update();
    }

    void markChanged(String id, Instant now) {
        jdbc.sql("UPDATE listings SET changed = true, updated_at = :now WHERE id = :id")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    void saveStatus(String id, ListingStatus status, Integer publishedVersion, int latestVersion, Instant now) {
        jdbc.sql("""
                UPDATE listings SET status = :status, published_version = :published, latest_version = :latest,
                       changed = false, updated_at = :now,
                       published_at = CASE WHEN :status = 'published' THEN :now ELSE published_at END,
                       archived_at = CASE WHEN :status = 'archived' THEN :now ELSE archived_at END
                WHERE id = :id""")
                .param("id", id).param("status", status.code()).param("published", publishedVersion)
                .param("latest", latestVersion).param("now", Timestamp.from(now))
                .update();
    }

    void saveStatusOnly(String id, ListingStatus status, Instant now) {
        jdbc.sql("""
                UPDATE listings SET status = :status, updated_at = :now,
                       published_at = CASE WHEN :status = 'published' THEN :now ELSE published_at END,
                       archived_at = CASE WHEN :status = 'archived' THEN :now ELSE archived_at END
                WHERE id = :id""")
                .param("id", id).param("status", status.code()).param("now", Timestamp.from(now)).update();
    }

    private Row row(ResultSet rs, int n) throws SQLException {
        String id = rs.getString("id");
        Listing listing = new Listing(id, rs.getString("seller_id"), ListingKind.of(rs.getString("kind")),
                ListingStatus.of(rs.getString("status")), rs.getString("title"), rs.getString("description"),
                rs.getString("category_id"), strings(rs.getArray("tags")), rs.getLong("price_amount"),
                rs.getString("price_currency"), json.readValue(rs.getString("attributes"), ATTRIBUTES),
                strings(rs.getArray("media_urls")), files.of(id), (Integer) rs.getObject("published_version"),
                rs.getInt("latest_version"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "published_at"), instant(rs, "archived_at"));
        return new Row(listing, rs.getBoolean("changed"));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
