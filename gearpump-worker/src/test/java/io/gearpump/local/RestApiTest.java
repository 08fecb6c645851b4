package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.core.testing.StreamTasks.Discard;
import io.gearpump.net.auth.ApiToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The REST API of a LocalCluster's master, called over HTTP: applications listed, described, killed
 * and submitted as a jar (run by a child JVM), every bad request answered with a JSON error while
 * the server goes on serving, and the token asked for when a secret is set.
 */
@Timeout(120)
class RestApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Outputs a tick every 10 ms until drained. */
    public static class Ticker extends Task {
        public Ticker(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            context.schedule(Duration.ofMillis(10), Duration.ofMillis(10), () -> output(new Message("tick", System.currentTimeMillis())));
        }

        @Override
        public void onNext(Message message) {
        }
    }

    private record Answer(int status, JsonNode json, HttpResponse<String> response) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<LocalCluster> clusters = new ArrayList<>();

    @AfterEach
    void closeAll() {
        clusters.forEach(LocalCluster::close);
        http.close();
    }

    private LocalCluster start(GearConfig config) {
        LocalCluster c = LocalCluster.start(config);
        clusters.add(c);
        return c;
    }

    @Test
    void applicationsAreListedDescribedAndKilledAndBadRequestsGetJsonErrors() throws Exception {
        LocalCluster cluster = start(GearConfig.defaults());
        String api = cluster.restAddress();
        int appId = cluster.submit(Application.of("ticks", Graph.of(
                Processor.of(Ticker.class, 2, "ticker").to(Processor.of(Discard.class, 1, "sink")))));

        JsonNode apps = get(api + "/apps", 200).get("apps");
        assertEquals(1, apps.size());
        assertEquals(appId, apps.get(0).get("id").asInt());
        assertEquals("ticks", apps.get(0).get("name").asText());

        JsonNode detail = Poll.until("the application to run and report its processors", () -> get(api + "/apps/" + appId, 200),
                d -> d.get("app").get("state").asText().equals("RUNNING") && d.get("dag").get("processors").size() == 2);
        JsonNode ticker = detail.get("dag").get("processors").get(0);
        JsonNode sink = detail.get("dag").get("processors").get(1);
        assertEquals("ticker", ticker.get("description").asText());
        assertEquals(2, ticker.get("parallelism").asInt());
        assertEquals("sink", sink.get("description").asText());
        assertEquals(1, sink.get("parallelism").asInt());
        assertEquals(3, detail.get("tasks").size(), "every task's placement");
        assertEquals("NONE", detail.get("guarantee").asText());
        assertEquals(0, detail.get("restarts").asInt());
        JsonNode edge = detail.get("dag").get("edges").get(0);
        assertEquals(0, edge.get("from").asInt());
        assertEquals(1, edge.get("to").asInt());
        assertEquals(1, detail.get("dag").get("edges").size());
        assertEquals("Hash", edge.get("partitioner").asText(), "a plain edge hashes: " + edge);

        JsonNode metrics = Poll.until("two seconds of metrics of both processors", () -> get(api + "/apps/" + appId + "/metrics", 200),
                m -> m.get("processors").size() == 2 && m.get("recent").size() >= 4);
        JsonNode sinkNow = metrics.get("processors").get(1);
        assertEquals(1, sinkNow.get("processorId").asInt());
        assertTrue(sinkNow.get("receivedPerSecond").asDouble() > 50 && sinkNow.get("receivedPerSecond").asDouble() < 1_000,
                "two tickers at 100/s each: " + sinkNow);
        assertEquals(3, metrics.get("tasks").size(), "a sample per task: " + metrics.get("tasks"));
        assertTrue(metrics.get("executors").get(0).get("heapUsed").asLong() > 0, metrics.get("executors").toString());
        assertEquals(404, send("GET", api + "/apps/999/metrics", null).status());
        long newest = 0;
        for (JsonNode p : metrics.get("recent")) {
            newest = Math.max(newest, p.get("timeMillis").asLong());
        }
        long since = newest;
        JsonNode later = Poll.until("a sample after " + since, () -> get(api + "/apps/" + appId + "/metrics?since=" + since, 200),
                m -> m.get("recent").size() > 0);
        for (JsonNode p : later.get("recent")) {
            assertTrue(p.get("timeMillis").asLong() > since, "only what came after: " + p);
        }
        assertEquals(0, later.get("minutes").size());
        assertEquals(400, send("GET", api + "/apps/" + appId + "/metrics?since=yesterday", null).status());

        JsonNode masters = get(api + "/masters", 200);
        assertEquals(1, masters.get("masters").size());
        assertEquals("LEADER", masters.get("masters").get(0).get("role").asText());
        JsonNode worker = get(api + "/workers", 200).get("workers").get(0);
        assertEquals("ALIVE", worker.get("state").asText());
        assertEquals(worker.get("slots").asInt() - worker.get("slotsUsed").asInt(), worker.get("slotsFree").asInt());
        assertTrue(worker.get("executors").size() >= 1 && worker.get("executors").get(0).get("appId").asInt() == appId,
                "the executors hosting the application's tasks: " + worker);

        Answer unknown = send("GET", api + "/apps/999", null);
        assertEquals(404, unknown.status());
        assertEquals(404, unknown.json().get("status").asInt());
        assertTrue(unknown.json().get("error").asText().contains("999"), unknown.json().toString());
        Answer notANumber = send("GET", api + "/apps/abc", null);
        assertEquals(400, notANumber.status());
        assertTrue(notANumber.json().get("error").asText().contains("'abc'"), notANumber.json().toString());
        Answer wrongMethod = send("PUT", api + "/apps/" + appId, null);
        assertEquals(405, wrongMethod.status());
        assertEquals("GET, DELETE", wrongMethod.header("Allow"));
        assertEquals(404, send("GET", api + "/nothing", null).status());
        assertEquals(404, send("GET", api.replace("/api/v1", "/api/v2/apps"), null).status(), "JSON under /api");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(api.replace("/api/v1", "/"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), "the dashboard is at /");
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(null));
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(api.replace("/api/v1", "/nothing.html"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals("application/json; charset=utf-8", unknown.header("Content-Type"));

        HttpResponse<String> fromElsewhere = http.send(HttpRequest.newBuilder(URI.create(api + "/apps/" + appId + "/stop"))
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, fromElsewhere.statusCode(), "another site's page cannot stop an application: " + fromElsewhere.body());
        HttpResponse<String> untyped = http.send(HttpRequest.newBuilder(URI.create(api + "/apps?main=x"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'P', 'K', 3, 4})).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, untyped.statusCode(), "a body without a type (what a form could send) is no jar: " + untyped.body());
        assertEquals("RUNNING", get(api + "/apps/" + appId, 200).get("app").get("state").asText());

        JsonNode killed = json(send("DELETE", api + "/apps/" + appId, null), 200);
        assertEquals("KILLED", killed.get("state").asText());
        assertEquals("KILLED", get(api + "/apps/" + appId, 200).get("app").get("state").asText());
        JsonNode ended = get(api + "/apps/" + appId + "/metrics", 200);
        assertEquals(0, ended.get("processors").size(), "an ended application shows no current rate");
        assertTrue(ended.get("recent").size() >= 4, "its history stays: " + ended.get("recent").size());
        Answer again = send("DELETE", api + "/apps/" + appId, null);
        assertEquals(409, again.status(), "an ended application cannot be killed: " + again.json());
        assertEquals(1, get(api + "/apps", 200).get("apps").size(), "after every bad request the server still answers");
    }

    @Test
    void aJarPostedIsSubmittedByAChildJvmAndItsApplicationRuns() throws Exception {
        LocalCluster cluster = start(GearConfig.defaults());
        String api = cluster.restAddress();
        byte[] jar = jarOf(RestSubmitMain.class);

        Answer posted = send("POST", api + "/apps?main=" + RestSubmitMain.class.getName() + "&executors=1&arg=posted&jar=posted.jar"
                + "&wait=60000", jar);
        assertEquals(202, posted.status(), String.valueOf(posted.json()));
        JsonNode submission = posted.json();
        assertTrue(submission.get("appId").isInt(), "the application id the child printed: " + submission);
        int appId = submission.get("appId").asInt();
        assertTrue(submission.get("log").asText().endsWith("submit.log"));
        assertEquals(api.replace("http://", "").replaceFirst("^[^/]+", "") + "/submissions/" + submission.get("id").asText(),
                posted.header("Location"));

        JsonNode app = Poll.until("the posted application to run", () -> get(api + "/apps/" + appId, 200).get("app"),
                a -> a.get("state").asText().equals("RUNNING"));
        assertEquals("posted", app.get("name").asText());
        JsonNode done = Poll.until("the submitting process to end once the main returned",
                () -> get(api + "/submissions/" + submission.get("id").asText(), 200), s -> !s.get("running").asBoolean());
        assertEquals(0, done.get("exitCode").asInt());
        assertEquals(List.of(appId), JSON.convertValue(done.get("appIds"), List.class));

        Answer notAJar = send("POST", api + "/apps?main=x.Y", new byte[] {1, 2, 3, 4, 5});
        assertEquals(400, notAJar.status());
        assertTrue(notAJar.json().get("error").asText().contains("not a jar"), notAJar.json().toString());
        Answer badExecutors = send("POST", api + "/apps?executors=zero", jar);
        assertEquals(400, badExecutors.status());
        assertTrue(badExecutors.json().get("error").asText().contains("'executors'"));
        Answer wrongMain = send("POST", api + "/apps?main=no.such.Main&wait=60000", jar);
        assertEquals(422, wrongMain.status(), "the child ended in failure: " + wrongMain.json());
        assertTrue(wrongMain.json().get("error").asText().contains("no.such.Main"), wrongMain.json().toString());
        assertEquals(404, send("GET", api + "/submissions/1-1", null).status());
        assertEquals(1, get(api + "/apps", 200).get("apps").size(), "refused submissions start nothing");
    }

    @Test
    void aSubmissionStillRunningIsStoppedWhenTheMasterCloses() throws Exception {
        LocalCluster cluster = start(GearConfig.defaults());
        String api = cluster.restAddress();

        JsonNode submission = json(send("POST", api + "/apps?main=" + RestSubmitMain.class.getName()
                + "&executors=1&arg=staying&arg=stay&wait=60000", jarOf(RestSubmitMain.class)), 202);
        assertTrue(submission.get("appId").isInt(), submission.toString());
        ProcessHandle child = ProcessHandle.of(submission.get("pid").asLong()).orElseThrow();
        assertTrue(child.isAlive(), "the submitter lives while its main runs");
        assertTrue(get(api + "/submissions/" + submission.get("id").asText(), 200).get("running").asBoolean());

        clusters.remove(cluster);
        cluster.close();

        assertFalse(child.isAlive(), "the master's close stopped the submitting process");
    }

    @Test
    void withASecretRequestsNeedTheTokenAndReadsCanBeOpened() throws Exception {
        GearConfig secret = GearConfig.defaults().with(GearConfig.CLUSTER_SECRET.name(), "s3cret");
        String token = ApiToken.of("s3cret").value();
        String api = start(secret).restAddress();

        Answer none = send("GET", api + "/apps", null);
        assertEquals(401, none.status());
        assertEquals(401, none.json().get("status").asInt());
        assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"));
        assertEquals(403, send("GET", api + "/apps", null, "Bearer " + ApiToken.of("other").value()).status());
        assertEquals(200, send("GET", api + "/apps", null, "Bearer " + token).status());
        assertEquals(401, send("DELETE", api + "/apps/1", null).status());
        assertEquals(404, send("DELETE", api + "/apps/1", null, "Bearer " + token).status(), "past the token: no such application");

        clusters.remove(0).close();
        String open = start(secret.with(GearConfig.REST_READS_OPEN.name(), "true")).restAddress();
        assertEquals(200, send("GET", open + "/apps", null).status(), "reads are open");
        assertEquals(401, send("DELETE", open + "/apps/1", null).status(), "changes still need the token");
        assertEquals(401, send("POST", open + "/apps/1/stop", null).status());
        assertEquals(404, send("POST", open + "/apps/1/stop", null, "Bearer " + token).status());
    }

    private JsonNode get(String url, int status) throws IOException, InterruptedException {
        return json(send("GET", url, null), status);
    }

    private static JsonNode json(Answer a, int status) {
        assertEquals(status, a.status(), String.valueOf(a.json()));
        assertNotNull(a.json());
        return a.json();
    }

    private Answer send(String method, String url, byte[] body) throws IOException, InterruptedException {
        return send(method, url, body, null);
    }

    private Answer send(String method, String url, byte[] body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", "application/java-archive");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r);
    }

    /** A jar holding {@code main}'s class file, as a user builds one (the rest of its classes are on the class path here). */
    private static byte[] jarOf(Class<?> main) throws IOException {
        String entry = main.getName().replace('.', '/') + ".class";
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, m); InputStream in = main.getClassLoader().getResourceAsStream(entry)) {
            assertNotNull(in, entry);
            jar.putNextEntry(new JarEntry(entry));
            in.transferTo(jar);
            jar.closeEntry();
        }
        assertFalse(bytes.size() == 0);
        return bytes.toByteArray();
    }
}
