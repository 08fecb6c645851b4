package io.gearpump.local;

import io.gearpump.core.testing.Poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real headless browser for tests: Debian's chromium ({@code bin/test-setup} installs it), driven
 * over the Chrome DevTools Protocol with the JDK's WebSocket and jackson, so no Selenium and no driver
 * binary. It listens for DevTools on a loopback port it picks itself (read back from the profile's
 * {@code DevToolsActivePort}) and keeps its profile in a new temporary directory. Closing kills the
 * browser with every process it started and deletes the profile, whatever happened before.
 *
 * <p>One test thread calls it; the WebSocket's listener thread only completes the answers it waits
 * for and records the page's errors (both in concurrent collections).
 */
final class Chromium implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket socket;

    private Chromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** Starts the browser with an empty page of {@code width} by {@code height} pixels; its output goes to {@code log}. */
    static Chromium start(Path log, int width, int height) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("chromium is not installed: run bin/test-setup (as root) or apt-get install -y chromium");
        }
        Path profile = Files.createTempDirectory("gearpump-chromium-");
        Process process;
        try {
            process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                    "--window-size=" + width + "," + height, "--user-data-dir=" + profile, "about:blank")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException | RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
        Chromium browser = new Chromium(process, profile);
        try {
            browser.connect(log);
            return browser;
        } catch (Exception | Error e) {
            browser.close();
            throw e;
        }
    }

    private void connect(Path log) throws IOException, InterruptedException {
        Path portFile = profile.resolve("DevToolsActivePort");
        int port = Poll.until("chromium to write " + portFile + " (its output: " + log + ")", Duration.ofSeconds(30), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("chromium ended with " + process.exitValue() + ": see " + log);
            }
            List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
            return lines.size() >= 2 ? Integer.parseInt(lines.get(0).trim()) : 0; // port, then the browser's path: complete
        }, p -> p > 0);
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(ANSWER_WAIT).build(), HttpResponse.BodyHandlers.ofString()).body());
        String pageUrl = null;
        for (JsonNode t : targets) {
            if (t.path("type").asText().equals("page")) {
                pageUrl = t.get("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (pageUrl == null) {
            throw new IllegalStateException("chromium shows no page: " + targets);
        }
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(URI.create(pageUrl), new Listener())
                .orTimeout(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS).join();
        send("Runtime.enable", Map.of());
        send("Log.enable", Map.of());
        send("Page.enable", Map.of());
    }

    /** Sends one DevTools command and waits for its result; an error answer throws. */
    JsonNode send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", JSON.valueToTree(params));
        try {
            socket.sendText(command.toString(), true).get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode reply = answer.get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.get("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer within " + ANSWER_WAIT, e);
        } finally {
            pending.remove(id);
        }
    }

    /** Opens {@code url} and waits until the page and its scripts have loaded. */
    void navigate(String url) {
        JsonNode r = send("Page.navigate", Map.of("url", url));
        if (r.hasNonNull("errorText")) {
            throw new IllegalStateException("cannot open " + url + ": " + r.get("errorText").asText());
        }
        Poll.until("the page " + url + " to load", () -> evaluate("document.readyState").asText(), "complete"::equals);
    }

    /** The value of a JavaScript expression on the page (a promise is awaited), as JSON. */
    JsonNode evaluate(String expression) {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("'" + expression + "' threw: " + r.get("exceptionDetails").path("exception")
                    .path("description").asText(r.get("exceptionDetails").toString()));
        }
        return r.get("result").path("value");
    }

    /** Clicks the middle of the element {@code selector} finds, as a mouse would: it must be on the page and not covered. */
    void click(String selector) {
        String quoted = JSON.valueToTree(selector).toString();
        JsonNode box = evaluate("(() => { const e = document.querySelector(" + quoted + "); e.scrollIntoView({block: 'center'});"
                + " const r = e.getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + r.height / 2;"
                + " return {x, y, hit: e.contains(document.elementFromPoint(x, y))}; })()");
        if (!box.path("hit").asBoolean()) {
            throw new IllegalStateException(selector + " cannot be clicked: another element covers it");
        }
        double x = box.get("x").asDouble();
        double y = box.get("y").asDouble();
        for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1));
        }
    }

    /** Saves the whole page, beyond the window, as a PNG. */
    void screenshot(Path png) throws IOException {
        JsonNode size = send("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width").asDouble(),
                "height", size.get("height").asDouble(), "scale", 1);
        JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.write(png, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    /** The page's uncaught exceptions, console errors and failed loads so far. */
    List<String> pageErrors() {
        return List.copyOf(pageErrors);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        http.close();
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList()); // before the parent goes, they are still its
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            } catch (ExecutionException | TimeoutException e) {
                p.destroyForcibly();
            }
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a file vanished while walking: what is left is in the temporary directory
        }
    }

    @Override
    public String toString() {
        return "chromium " + process.pid();
    }

    /** Joins each message's frames, then answers a waiting command or records a page error. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                handle(message);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String message) {
            JsonNode m;
            try {
                m = JSON.readTree(message);
            } catch (IOException e) {
                pageErrors.add("not JSON from chromium: " + message);
                return;
            }
            if (m.has("id")) {
                CompletableFuture<JsonNode> answer = pending.get(m.get("id").asInt());
                if (answer != null) {
                    answer.complete(m);
                }
                return;
            }
            JsonNode p = m.path("params");
            switch (m.path("method").asText()) {
                case "Runtime.exceptionThrown" -> pageErrors.add("exception: " + p.path("exceptionDetails").path("exception")
                        .path("description").asText(p.path("exceptionDetails").toString()));
                case "Runtime.consoleAPICalled" -> {
                    if (p.path("type").asText().equals("error")) {
                        pageErrors.add("console.error: " + p.path("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    if (p.path("entry").path("level").asText().equals("error")) {
                        pageErrors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
                    }
                }
                default -> {
                }
            }
        }
    }
}
