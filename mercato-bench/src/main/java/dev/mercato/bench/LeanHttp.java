package dev.mercato.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A minimal blocking HTTP/1.1 client for load generation: keep-alive sockets taken from a pool, one
 * request written in one system call, the answer read on the calling thread (Content-Length or
 * chunked). The server receives the same request the JDK {@code HttpClient} sends (method, path,
 * Host, Content-Type, Content-Length, the caller's headers, a body); what differs is the client's
 * cost: the JDK client hands every call to its selector thread and an executor and back, several
 * hundred microseconds of the 2 cores per call that the server under test then waits for.
 */
final class LeanHttp {

    /** An answer: the status code and the body as text. */
    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    LeanHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends one request; {@code headers} alternate names and values. Sends again, once, when a kept-alive
     * connection turns out closed before any answer. */
    Response send(String method, String path, String body, String... headers) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\nContent-Length: ").append(content.length).append("\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(content, 0, request, headBytes.length, content.length);
        Connection reused = idle.poll();
        if (reused != null) {
            try {
                return reused.exchange(request);
            } catch (NoAnswer closedMeanwhile) {
                // a kept-alive connection the server had closed: not one byte came back, so the request was
                // not served; send it again on a fresh one (any other failure is the caller's)
            }
        }
        return new Connection(host, port).exchange(request);
    }

    /** The connection ended before the first byte of an answer. */
    private static final class NoAnswer extends IOException {

        private static final long serialVersionUID = 1L;

        NoAnswer() {
            super("the connection closed before an answer");
        }
    }

    private final class Connection {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        Response exchange(byte[] request) throws IOException {
            boolean keep = false;
            try {
                try {
                    out.write(request);
                    out.flush();
                    if (peek() < 0) {
                        throw new NoAnswer();
                    }
                } catch (java.net.SocketTimeoutException slow) {
                    throw slow; // the server may be serving it: never sent twice
                } catch (NoAnswer none) {
                    throw none;
                } catch (IOException reset) {
                    throw new NoAnswer(); // a reset before any answer: the server had closed the connection
                }
                String status = line();
                if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                    throw new IOException("not an HTTP/1.1 answer: " + status);
                }
                int code = Integer.parseInt(status.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                boolean close = false;
                for (String header = line(); !header.isEmpty(); header = line()) {
                    int colon = header.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = header.substring(0, colon).trim();
                    String value = header.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("Content-Length")) {
                        length = Long.parseLong(value);
                    } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                        chunked = true;
                    } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                        close = true;
                    }
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream(length > 0 ? (int) length : 512);
                if (chunked) {
                    for (int size = Integer.parseInt(chunkSize(line()), 16); size > 0;
                            size = Integer.parseInt(chunkSize(line()), 16)) {
                        copy(size, body);
                        line();
                    }
                    while (!line().isEmpty()) { // trailers
                    }
                } else if (length >= 0) {
                    copy(length, body);
                } else {
                    in.transferTo(body); // neither: the body ends with the connection
                    close = true;
                }
                keep = !close;
                return new Response(code, body.toString(StandardCharsets.UTF_8));
            } finally {
                if (keep) {
                    idle.offer(this);
                } else {
                    close();
                }
            }
        }

        private static String chunkSize(String line) {
            int extension = line.indexOf(';');
            return (extension < 0 ? line : line.substring(0, extension)).trim();
        }

        private void copy(long n, ByteArrayOutputStream to) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            while (n > 0) {
                int read = in.read(buffer, 0, (int) Math.min(n, buffer.length));
                if (read < 0) {
                    throw new IOException("the connection closed inside a body");
                }
                to.write(buffer, 0, read);
                n -= read;
            }
        }

        private int peek() throws IOException {
            in.mark(1);
            int first = in.read();
            in.reset();
            return first;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do: the connection is gone either way
            }
        }
    }
}
