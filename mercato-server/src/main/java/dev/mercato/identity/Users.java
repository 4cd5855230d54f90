package dev.mercato.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

@Repository
class Users {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Users(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(User user) {
        jdbc.sql("""
                INSERT INTO users (id, email, name, role, metadata, created_at)
                VALUES (:id, :email, :name, :role, :metadata::jsonb, :createdAt)""")
                .param("id", user.id()).param("email", user.email()).param("name", user.name())
                .param("role", user.role().code()).param("metadata", json.writeValueAsString(user.metadata()))
                .param("createdAt", Timestamp.from(user.createdAt()))
                .update();
    }

    Optional<User> find(String id) {
        return jdbc.sql("SELECT id, email, name, role, metadata, created_at FROM users WHERE id = :id")
                .param("id", id).query(this::map).optional();
    }

    Optional<User> findByEmail(String email) {
        return jdbc.sql("SELECT id, email, name, role, metadata, created_at FROM users WHERE email = :email")
                .param("email", email).query(this::map).optional();
    }

    /** The first platform admin created (the bootstrap admin). */
    Optional<User> firstAdmin() {
        return jdbc.sql("SELECT id, email, name, role, metadata, created_at FROM users WHERE role = 'admin' ORDER BY id LIMIT 1")
                .query(this::map).optional();
    }

    private User map(ResultSet rs, int row) throws SQLException {
        return new User(rs.getString("id"), rs.getString("email"), rs.getString("name"),
                User.Role.of(rs.getString("role")), json.readValue(rs.getString("metadata"), METADATA),
                rs.getTimestamp("created_at").toInstant());
    }
}
