package dev.mercato.platform.backup;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Where pg_dump connects, taken from the datasource's JDBC URL and credentials (which
 * {@code DATABASE_URL} has already become). The password is kept out of {@link #toString()}.
 */
record DatabaseConnection(String host, int port, String database, String user, String password, String sslMode) {

    private static final String PREFIX = "jdbc:postgresql://";

    /** Reads {@code jdbc:postgresql://host[:port][,more hosts]/database[?params]}; user and password may also be params. */
    static DatabaseConnection of(String jdbcUrl, String username, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("backups need a jdbc:postgresql://host:port/database URL, not " + safe(jdbcUrl));
        }
        String rest = jdbcUrl.substring(PREFIX.length());
        int query = rest.indexOf('?');
        Map<String, String> params = params(query < 0 ? "" : rest.substring(query + 1));
        String location = query < 0 ? rest : rest.substring(0, query);
        int slash = location.indexOf('/');
        if (slash < 0 || slash == location.length() - 1) {
            throw new IllegalArgumentException("the datasource URL names no database: " + safe(jdbcUrl));
        }
        String firstHost = location.substring(0, slash).split(",")[0];
        String database = URLDecoder.decode(location.substring(slash + 1), StandardCharsets.UTF_8);
        String host = firstHost;
        int port = 5432;
        int colon = firstHost.lastIndexOf(':');
        if (colon > 0 && !firstHost.endsWith("]")) {
            host = firstHost.substring(0, colon);
            port = Integer.parseInt(firstHost.substring(colon + 1));
        }
        String user = blank(username) ? params.getOrDefault("user", "postgres") : username;
        String secret = blank(password) ? params.getOrDefault("password", "") : password;
        return new DatabaseConnection(host.replace("[", "").replace("]", ""), port, database, user, secret,
                params.get("sslmode"));
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** The URL without its query, where a password may be. */
    private static String safe(String url) {
        return url == null ? "nothing" : url.replaceAll("\\?.*", "?…");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
