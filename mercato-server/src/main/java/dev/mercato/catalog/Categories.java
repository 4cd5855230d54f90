package dev.mercato.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class Categories {

    private final JdbcClient jdbc;

    Categories(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Category c) {
        jdbc.sql("INSERT INTO categories (id, parent_id, name, slug, active, created_at) VALUES (:id, :parent, :name, :slug, :active, :at)")
                .param("id", c.id()).param("parent", c.parentId()).param("name", c.name()).param("slug", c.slug())
                .param("active", c.active()).param("at", Timestamp.from(c.createdAt()))
                .update();
    }

    Optional<Category> find(String id) {
        return jdbc.sql("SELECT * FROM categories WHERE id = :id").param("id", id).query(this::map).optional();
    }

    boolean slugTaken(String slug) {
        return jdbc.sql("SELECT count(*) FROM categories WHERE slug = :slug").param("slug", slug).query(Long.class).single() > 0;
    }

    /** The whole tree, parents before children, siblings by name. */
    List<Category> all() {
        return jdbc.sql("""
                WITH RECURSIVE tree AS (
                  SELECT c.*, ARRAY[c.name] AS path FROM categories c WHERE parent_id IS NULL
                  UNION ALL
                  SELECT c.*, tree.path || c.name FROM categories c JOIN tree ON c.parent_id = tree.id)
                SELECT id, parent_id, name, slug, active, created_at FROM tree ORDER BY path""")
                .query(this::map).list();
    }

    /** True when {@code candidate} is {@code category} itself or lies below it. */
    boolean isWithin(String candidate, String category) {
        return jdbc.sql("""
                WITH RECURSIVE up AS (
                  SELECT id, parent_id FROM categories WHERE id = :candidate
                  UNION ALL
                  SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id)
                SELECT count(*) FROM up WHERE id = :category""")
                .param("candidate", candidate).param("category", category).query(Long.class).single() > 0;
    }

    void update(Category c) {
        jdbc.sql("UPDATE categories SET name = :name, active = :active WHERE id = :id")
                .param("id", c.id()).param("name", c.name()).param("active", c.active()).update();
    }

    private Category map(ResultSet rs, int n) throws SQLException {
        return new Category(rs.getString("id"), rs.getString("parent_id"), rs.getString("name"), rs.getString("slug"),
                rs.getBoolean("active"), rs.getTimestamp("created_at").toInstant());
    }
}
