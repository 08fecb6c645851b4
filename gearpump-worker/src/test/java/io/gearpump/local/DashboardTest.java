package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.net.auth.ApiToken;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The web dashboard in a real browser (headless chromium over the DevTools protocol, {@link Chromium})
 * against a LocalCluster running a WordCount: the page draws the cluster, the DAG with both processors'
 * names and parallelism, charts whose data grows second by second, and its Kill button kills the
 * application; with a cluster secret it reads with the token given in its address. Saves a screenshot
 * as {@code target/dashboard.png}.
 */
@Timeout(180)
class DashboardTest {

    private static final Path TARGET = Path.of("target");
    private static final String LINE = "a stream is a story that never ends and a task reads it one word at a time";

    /** WordCount's source, paced: a line's words every 10 ms from each task (about 1,800 words a second each). */
    public static class Split extends Task {
        public Split(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            context.schedule(Duration.ofMillis(10), Duration.ofMillis(10), () -> {
                long now = System.currentTimeMillis();
                for (String word : LINE.split(" ")) {
                    output(new Message(word, now));
                }
            });
        }

        @Override
        public void onNext(Message message) {
        }
    }

    /** WordCount's sink: counts each word. */
    public static class Sum extends Task {
        private final Map<Object, Long> counts = new HashMap<>();

        public Sum(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            counts.merge(message.value(), 1L, Long::sum);
        }
    }

    private LocalCluster cluster;
    private Chromium browser;

    @AfterEach
    void closeAll() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** The text of the first element {@code selector} finds, "" while there is none. */
    private String text(String selector) {
        return browser.evaluate("document.querySelector(\"" + selector + "\")?.textContent ?? ''").asText();
    }

    /** Starts a cluster with {@code config} running WordCount and the browser; returns the application's id. */
    private int startWordCount(GearConfig config) throws Exception {
        cluster = LocalCluster.start(config);
        int appId = cluster.submit(Application.of("wordcount", Graph.of(
                Processor.of(Split.class, 2, "split").to(Processor.of(Sum.class, 3, "sum")))));
        Files.createDirectories(TARGET);
        browser = Chromium.start(TARGET.resolve("chromium.log"), 1400, 1000);
        return appId;
    }

    private String dashboard() {
        return cluster.restAddress().replaceFirst("/api/v1$", "/");
    }

    private JsonNode dagBoxes() {
        return Poll.until("the DAG's two processors on the page", () -> browser.evaluate(
                "[...document.querySelectorAll('#dag .processor')].map(g => ({name: g.querySelector('.name').textContent,"
                        + " detail: g.querySelector('.detail').textContent, rate: g.querySelector('.rate').textContent}))"),
                b -> b.size() == 2);
    }

    @Test
    void theDashboardShowsTheDagAndLiveChartsAndKillsTheApplication() throws Exception {
        int appId = startWordCount(GearConfig.defaults());
        String dashboard = dashboard();
        browser.navigate(dashboard + "#/apps/" + appId);

        JsonNode boxes = dagBoxes();
        assertEquals("split", boxes.get(0).get("name").asText());
        assertEquals("#0 · parallelism 2", boxes.get(0).get("detail").asText());
        assertEquals("sum", boxes.get(1).get("name").asText());
        assertEquals("#1 · parallelism 3", boxes.get(1).get("detail").asText());
        assertEquals("Hash", browser.evaluate("document.querySelector('#dag .edge[data-from=\"0\"][data-to=\"1\"] text').textContent").asText());
        Poll.until("the sum's live rate on the DAG", () -> browser.evaluate("document.querySelector('#dag .processor[data-id=\"1\"] .rate').textContent")
                .asText(), rate -> rate.matches("in [1-9][0-9,.]*/s · out .*"));

        Poll.until("the leader marked among the masters", () -> text("#masters tbody .state"), "LEADER"::equals);
        Poll.until("the worker with the application's executor and its slots", () -> text("#workers tbody tr"),
                w -> w.contains("app " + appId + " / executor") && w.contains("ALIVE"));
        Poll.until("the application in the list", () -> text("#app-list tr[data-app='" + appId + "'] .state"), "RUNNING"::equals);
        Poll.until("every task with its executor and worker", () -> browser.evaluate("document.querySelectorAll('#tasks tbody tr').length")
                .asInt(), n -> n == 5);

        String chart = "(() => { const d = window.gearpump.charts.throughput.data; const n = d[0].length;"
                + " return {points: n, lastSecond: n ? d[0][n - 1] : 0, sumRate: n ? d[2][n - 1] : null}; })()";
        JsonNode first = Poll.until("the throughput chart to have points with the sum's rate", () -> browser.evaluate(chart),
                c -> c.get("points").asInt() >= 2 && c.get("sumRate").asDouble() > 0);
        JsonNode later = Poll.until("the throughput chart to grow", () -> browser.evaluate(chart),
                c -> c.get("lastSecond").asLong() > first.get("lastSecond").asLong() && c.get("points").asInt() > first.get("points").asInt());
        assertTrue(later.get("sumRate").asDouble() > 100, "two splits of 18 words each 10 ms: " + later);
        assertEquals(3, browser.evaluate("window.gearpump.charts.latency.data.length").asInt(), "time, the sum's p50 and p99 (a source receives nothing)");
        assertTrue(browser.evaluate("document.querySelectorAll('#chart-throughput canvas').length").asInt() >= 1, "uPlot drew it");

        Poll.until("a few seconds of history for the screenshot", () -> browser.evaluate(chart).get("points").asInt(), n -> n >= 6);
        browser.screenshot(TARGET.resolve("dashboard.png"));
        browser.navigate(dashboard + "#/apps/" + appId);
        int seeded = Poll.until("the reopened page's chart", () -> browser.evaluate("window.gearpump.charts?.throughput.data[0].length ?? 0")
                .asInt(), n -> n > 0);
        assertTrue(seeded >= 6, "a chart opens with the history the master keeps, not empty: " + seeded + " points");

        browser.click("#kill");
        assertEquals("Really kill?", text("#kill"), "a first click only asks");
        browser.click("#kill");
        Poll.until("the page to show the application KILLED", () -> text("#app-state"),
                "KILLED"::equals);
        assertEquals(AppState.KILLED, cluster.status(appId).state());
        assertTrue(browser.evaluate("document.getElementById('kill').disabled").asBoolean(), "an ended application cannot be killed again");
        assertEquals(List.of(), browser.pageErrors(), "no script errors, refused loads or failed requests");
    }

    /** With a secret and closed reads, the page reads with the token from its address and then drops it from there. */
    @Test
    void withASecretThePageUsesTheTokenFromItsAddress() throws Exception {
        int appId = startWordCount(GearConfig.defaults().with(GearConfig.CLUSTER_SECRET.name(), "s3cret"));
        String token = ApiToken.of("s3cret").value();
        browser.navigate(dashboard() + "?token=" + token + "#/apps/" + appId);

        assertEquals("split", dagBoxes().get(0).get("name").asText(), "the API answered the page");
        assertEquals("#/apps/" + appId, browser.evaluate("location.search + location.hash").asText(), "the token left the address");
        assertEquals(token, browser.evaluate("sessionStorage.getItem('gearpump.token')").asText());
        browser.navigate(dashboard() + "#/apps/" + appId);
        Poll.until("the reopened page, with the token the tab kept", () -> browser.evaluate("window.gearpump.polls").asInt(), n -> n > 0);
        assertEquals(List.of(), browser.pageErrors());
    }
}
