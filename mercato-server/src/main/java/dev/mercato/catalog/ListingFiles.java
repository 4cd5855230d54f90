package dev.mercato.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The files of listings; a removed file stays recorded (older versions may still point at it). */
@Repository
class ListingFiles {

    private static final String COLUMNS = "id, listing_id, name, content_type, size_bytes, sha256, storage_key, created_at";

    private final JdbcClient jdbc;

    ListingFiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ListingFile f) {
        jdbc.sql("""
                INSERT INTO listing_files (id, listing_id, name, content_type, size_bytes, sha256, storage_key, created_at)
                VALUES (:id, :listing, :name, :type, :size, :sha, :key, :at)""")
                .param("id", f.id()).param("listing", f.listingId()).param("name", f.name())
                .param("type", f.contentType()).param("size", f.sizeBytes()).param("sha", f.sha256())
                .param("key", f.storageKey()).param("at", Timestamp.from(f.createdAt()))
                .update();
    }

    /** The listing's current files, oldest first. */
    List<ListingFile> of(String listingId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM listing_files WHERE listing_id = :id AND removed_at IS NULL ORDER BY id")
                .param("id", listingId).query(this::map).list();
    }

    /** A file by id, removed or not: a buyer of an older version may still download it. */
    Optional<ListingFile> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM listing_files WHERE id = :id").param("id", id).query(this::map)
                .optional();
    }

    boolean remove(String listingId, String fileId, Instant at) {
        return jdbc.sql("UPDATE listing_files SET removed_at = :at WHERE id = :id AND listing_id = :listing AND removed_at IS NULL")
                .param("id", fileId).param("listing", listingId).param("at", Timestamp.from(at)).update() == 1;
    }

    private ListingFile map(ResultSet rs, int n) throws SQLException {
        return new ListingFile(rs.getString("id"), rs.getString("listing_id"), rs.getString("name"),
                rs.getString("content_type"), rs.getLong("size_bytes"), rs.getString("sha256"),
                rs.getString("storage_key"), rs.getTimestamp("created_at").toInstant());
    }
}
