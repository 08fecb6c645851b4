package io.gearpump.master.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard's files over HTTP, served as RestServer serves them (the API's context aside): the
 * right content types and caching, every file the page names present (uPlot from its webjar), 404 for
 * anything else, and no way out of the dashboard's folders, however the path is spelled.
 */
@Timeout(60)
class DashboardFilesTest {

    private HttpServer server;
    private HttpClient client;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", new DashboardFiles(DashboardFilesTest.class.getClassLoader()));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void thePageAndItsAssetsComeWithTheirTypesAndCaching() throws Exception {
        HttpResponse<byte[]> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", header(page, "Content-Type"));
        assertEquals("no-cache", header(page, "Cache-Control"), "revalidated, so a new master version shows at once");
        assertTrue(header(page, "Content-Security-Policy").startsWith("default-src 'self'"), "nothing from elsewhere");
        assertEquals("nosniff", header(page, "X-Content-Type-Options"));
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertTrue(html.contains("<title>Gearpump</title>"), html);
        assertEquals(200, get("/index.html").statusCode());

        assertEquals(304, get("/", "If-None-Match", header(page, "ETag")).statusCode(), "unchanged: not sent again");
        assertEquals(200, get("/", "If-None-Match", "\"other\"").statusCode());

        assertEquals("text/javascript; charset=utf-8", header(get("/assets/app.js"), "Content-Type"));
        assertEquals("text/css; charset=utf-8", header(get("/assets/dashboard.css"), "Content-Type"));
        assertEquals("image/svg+xml", header(get("/assets/favicon.svg"), "Content-Type"));
        HttpResponse<byte[]> uplot = get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
        assertEquals(200, uplot.statusCode());
        assertEquals("text/javascript; charset=utf-8", header(uplot, "Content-Type"));
        assertEquals("public, max-age=31536000, immutable", header(uplot, "Cache-Control"), "a webjar's path holds its version");
        assertTrue(new String(uplot.body(), StandardCharsets.UTF_8).contains("uPlot"));
        assertEquals(DashboardFiles.resolve("/assets/logo.png").orElseThrow().contentType(), "image/png");
    }

    @Test
    void everyFileThePageAndItsScriptsNameIsServed() throws Exception {
        List<String> named = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"").matcher(new String(get("/").body(), StandardCharsets.UTF_8));
        while (m.find()) {
            named.add("/" + m.group(1));
        }
        Matcher imports = Pattern.compile("from '\\./([^']+)'").matcher(new String(get("/assets/app.js").body(), StandardCharsets.UTF_8));
        while (imports.find()) {
            named.add("/assets/" + imports.group(1));
        }
        assertTrue(named.contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"), named.toString());
        assertTrue(named.contains("/assets/charts.js"), named.toString());
        for (String path : named) {
            assertEquals(200, get(path).statusCode(), path + " (is the webjar's version in index.html the pom's?)");
        }
    }

    @Test
    void unknownFilesAndOtherMethodsAreRefused() throws Exception {
        for (String path : List.of("/nope.html", "/assets/nope.js", "/assets/", "/assets", "/api.html", "/webjars/uplot/1.6.30/README.md",
                "/webjars/uplot/1.6.30/LICENSE", "/assets/index", "/io/gearpump/master/rest/dashboard/index.html", "/favicon.ico")) {
            HttpResponse<byte[]> r = get(path);
            assertEquals(404, r.statusCode(), path);
            assertEquals("text/plain; charset=utf-8", header(r, "Content-Type"), path);
        }
        HttpResponse<byte[]> post = client.send(HttpRequest.newBuilder(URI.create(base + "/")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", header(post, "Allow"));
        HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(URI.create(base + "/assets/app.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
    }

    /** Sent byte for byte over a socket, so no client tidies the path first. */
    @Test
    void noPathLeavesTheDashboardsFolders() throws Exception {
        for (String path : List.of("/assets/../../etc/passwd", "/assets/..%2f..%2fetc%2fpasswd", "/assets/%2e%2e/%2e%2e/etc/passwd",
                "/assets/%2E%2E/RestServer.class", "/assets/../dashboard/index.html", "/assets/./app.js", "/assets//app.js",
                "/assets/..\\..\\etc\\passwd", "/webjars/../../../../etc/passwd", "/webjars/uplot/../../MANIFEST.MF",
                "/assets/...", "/assets/.hidden.js", "/assets/app.js%00.png", "/../../etc/passwd", "/assets/%252e%252e/x.js")) {
            String answer = raw(path);
            assertTrue(answer.startsWith("HTTP/1.1 404") || answer.startsWith("HTTP/1.1 400"), path + " -> " + answer);
            assertFalse(answer.contains("root:"), path);
        }
        assertTrue(raw("/assets/app.js").startsWith("HTTP/1.1 200"), "the raw client works");
        assertTrue(DashboardFiles.resolve("/assets/../../etc/passwd").isEmpty());
        assertTrue(DashboardFiles.resolve("/webjars/..").isEmpty());
        assertNotNull(DashboardFiles.resolve("/assets/app.js").orElse(null));
    }

    private String raw(String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try (InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }
    }
}
