package io.gearpump.master.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the web dashboard's static files from the class path: {@code /} is its page, {@code /assets/...}
 * its scripts and styles (this package's {@code dashboard/} resources) and {@code /webjars/...} the
 * libraries the Maven build delivers as webjars (uPlot), so the page works with no internet. A path with
 * an empty, "." or ".." segment, a character outside {@code [A-Za-z0-9._-]} or an unknown extension is a
 * 404 before the class path is asked: no request reaches a file outside those folders. Files are read
 * once and kept (small, fixed while the master runs). The dashboard's own files are revalidated by ETag,
 * a webjar's path holds its version so it is cached for good.
 *
 * <p>Runs on the server's virtual threads; the cache is a {@link ConcurrentHashMap}.
 */
final class DashboardFiles implements HttpHandler {

    static final String DASHBOARD = "io/gearpump/master/rest/dashboard/";
    private static final String WEBJARS = "META-INF/resources/webjars/";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json; charset=utf-8");
    /** Scripts, styles and requests only from this server; uPlot sets inline styles. */
    private static final String POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** What a URL path names on the class path, and how long a browser may keep it. */
    record Resource(String classPath, String contentType, String cacheControl) {
    }

    private record Loaded(Resource resource, byte[] body, String etag) {
    }

    private final ClassLoader loader;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>(); // only files found: a miss stores nothing

    DashboardFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /** The resource a (decoded) URL path names, or empty when it names none this handler may serve. */
    static Optional<Resource> resolve(String path) {
        if (path.equals("/") || path.equals("/index.html")) {
            return Optional.of(new Resource(DASHBOARD + "index.html", TYPES.get("html"), "no-cache"));
        }
        String prefix;
        String cacheControl;
        String rest;
        if (path.startsWith("/assets/")) {
            prefix = DASHBOARD;
            cacheControl = "no-cache";
            rest = path.substring("/assets/".length());
        } else if (path.startsWith("/webjars/")) {
            prefix = WEBJARS;
            cacheControl = "public, max-age=31536000, immutable";
            rest = path.substring("/webjars/".length());
        } else {
            return Optional.empty();
        }
        for (String segment : rest.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) { // also "", ".", ".." and "..." (a segment starts with no dot)
                return Optional.empty();
            }
        }
        int dot = rest.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(rest.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type == null ? Optional.empty() : Optional.of(new Resource(prefix + rest, type, cacheControl));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendText(exchange, 405, "only GET and HEAD here\n");
                return;
            }
            Optional<Loaded> file = resolve(exchange.getRequestURI().getPath())
                    .map(r -> cache.computeIfAbsent(r.classPath(), k -> load(r)));
            if (file.isEmpty()) {
                sendText(exchange, 404, "no such file: " + exchange.getRequestURI().getRawPath() + "\n");
                return;
            }
            send(exchange, file.get(), method.equals("HEAD"));
        }
    }

    /** The file, or null when the class path has none. */
    private Loaded load(Resource r) {
        try (InputStream in = loader.getResourceAsStream(r.classPath())) {
            if (in == null) {
                return null;
            }
            byte[] body = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12) + "\"";
            return new Loaded(r, body, etag);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + r.classPath() + " from the class path", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    private static void send(HttpExchange exchange, Loaded file, boolean head) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", file.resource().contentType());
        headers.set("Cache-Control", file.resource().cacheControl());
        headers.set("ETag", file.etag());
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", POLICY);
        if (file.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        if (head) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, file.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(file.body());
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
