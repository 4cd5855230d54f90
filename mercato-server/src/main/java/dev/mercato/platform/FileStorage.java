package dev.mercato.platform;

import java.io.InputStream;

/**
 * Where uploaded files live. Keys are chosen by Mercato (never by clients). The local filesystem
 * adapter is the default; an object store can implement the same port.
 */
public interface FileStorage {

    /**
     * Stores the stream under the key, refusing more than {@code maxBytes} (413 {@code file_too_large})
     * and an empty file (400 {@code empty_file}); nothing is left behind on failure.
     */
    StoredFile store(String key, InputStream content, long maxBytes);

    /** Opens a stored file for reading; 404 {@code file_not_found} if it is gone. */
    InputStream open(String key);

    void delete(String key);

    /** What was stored: its size and SHA-256 (hex). */
    record StoredFile(String key, long sizeBytes, String sha256) {
    }
}
