package io.gearpump.master.rest;

import io.gearpump.core.cluster.AppMasterProtocol.TaskPlacement;
import io.gearpump.core.cluster.ClientProtocol;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.ClusterReport;
import io.gearpump.core.cluster.ClientProtocol.WorkerInfo;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.master.cluster.MasterService;
import io.gearpump.net.auth.ApiToken;
import io.gearpump.net.rpc.RedirectException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.net.URI;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one HTTP exchange: checks the token, routes ({@link Routes}), asks the master agent
 * ({@link MasterService#ask}) and writes the answer as JSON; every failure becomes a JSON error with
 * a fitting status and never a stack trace, so a bad request leaves the server as it was. Runs on
 * the server's virtual threads, one exchange each; it keeps nothing between exchanges.
 */
final class ApiHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final Duration MASTER_STATUS_WAIT = Duration.ofSeconds(1);

    /** How the handler behaves: {@code token} null when no secret is set; {@code maxJarBytes} the largest upload. */
    record Settings(ApiToken token, boolean readsOpen, Duration answerWait, int maxJarBytes) {
    }

    /** One answer: status, JSON body, extra headers. */
    private record Response(int status, Object body, Map<String, String> headers) {
        static Response ok(int status, Object body) {
            return new Response(status, body, Map.of());
        }
    }

    private final MasterService master;
    private final Submissions submissions;
    private final Settings settings;
    private final String selfUrl; // this server's http://host:port
    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    ApiHandler(MasterService master, Submissions submissions, Settings settings, String selfUrl) {
        this.master = master;
        this.submissions = submissions;
        this.settings = settings;
        this.selfUrl = selfUrl;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response r;
            try {
                r = answer(exchange);
            } catch (Exception e) {
                r = failure(exchange, e);
            }
            send(exchange, r);
        }
    }

    private Response answer(HttpExchange exchange) throws Exception {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        ApiCall call = Routes.parse(method, exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery());
        if (call.changes() && crossSite(exchange)) {
            return error(403, "a change from another site's page is refused (Origin " + exchange.getRequestHeaders().getFirst("Origin") + ")");
        }
        Response refused = authorize(exchange, call);
        if (refused != null) {
            return refused;
        }
        return switch (call) {
            case ApiCall.ListMasters m -> Response.ok(200, Views.Masters.of(master.masterStatuses(MASTER_STATUS_WAIT)));
            case ApiCall.ListWorkers w -> Response.ok(200, workers());
            case ApiCall.ListApps l -> Response.ok(200, Views.Apps.of(await(master.ask(new ClientProtocol.ListApps())).apps()));
            case ApiCall.GetApp g -> Response.ok(200, Views.AppDetail.of(await(master.ask(new ClientProtocol.GetAppStatus(g.appId())))));
            case ApiCall.GetAppMetrics m -> Response.ok(200, Views.Metrics.of(await(master.ask(new ClientProtocol.GetAppMetrics(m.appId(), m.sinceMillis())))));
            case ApiCall.KillApp k -> Response.ok(200, Views.App.of(await(master.ask(new ClientProtocol.KillApp(k.appId())))));
            case ApiCall.StopApp s -> Response.ok(200, Views.App.of(await(master.ask(new ClientProtocol.StopApp(s.appId())))));
            case ApiCall.Submit s -> submit(exchange, s);
            case ApiCall.GetSubmission g -> {
                Submissions.Submission s = submissions.get(g.id())
                        .orElseThrow(() -> ApiException.notFound("no submission " + g.id() + " on this master"));
                yield Response.ok(200, Views.Submission.of(s, Submissions.appIds(s)));
            }
        };
    }

    /**
     * Whether a browser sent this from another site's page: without a secret, a page anywhere could
     * otherwise stop an application with a plain form POST. Tools (curl, bin/gear) send no Origin.
     */
    private static boolean crossSite(HttpExchange exchange) {
        String fetchSite = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (fetchSite != null && fetchSite.equalsIgnoreCase("cross-site")) {
            return true;
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin == null) {
            return false; // not from a browser's page
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        try {
            return host == null || !host.equalsIgnoreCase(URI.create(origin).getRawAuthority()); // "null": an opaque origin
        } catch (IllegalArgumentException malformed) {
            return true;
        }
    }

    /** With a secret set: a call that changes something, or any call unless reads are open, needs the token. */
    private Response authorize(HttpExchange exchange, ApiCall call) {
        if (settings.token() == null || (!call.changes() && settings.readsOpen())) {
            return null;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Response(401, new Views.Error("this request needs the API token (bin/gear token) as 'Authorization: Bearer TOKEN'",
                    401), Map.of("WWW-Authenticate", "Bearer realm=\"gearpump\""));
        }
        if (!settings.token().matches(header.substring(7))) {
            return error(403, "the token does not match this cluster's secret");
        }
        return null;
    }

    /** The leader's workers, each with the executors that host tasks of running applications. */
    private Views.Workers workers() throws Exception {
        ClusterReport cluster = await(master.ask(new ClientProtocol.GetCluster()));
        Map<Integer, Map<String, int[]>> byWorker = new TreeMap<>(); // worker -> "app/executor" -> tasks
        for (AppSummary app : await(master.ask(new ClientProtocol.ListApps())).apps()) {
            if (app.state().isFinal()) {
                continue;
            }
            AppReport r;
            try {
                r = await(master.ask(new ClientProtocol.GetAppStatus(app.appId())));
            } catch (ClusterException e) {
                continue; // gone meanwhile
            }
            if (r.detail() != null) {
                for (TaskPlacement t : r.detail().placement()) {
                    byWorker.computeIfAbsent(t.workerId(), k -> new TreeMap<>())
                            .computeIfAbsent(app.appId() + "/" + t.executorId(), k -> new int[1])[0]++;
                }
            }
        }
        List<Views.Worker> out = new ArrayList<>();
        for (WorkerInfo w : cluster.workers()) {
            List<Views.Executor> executors = new ArrayList<>();
            byWorker.getOrDefault(w.workerId(), Map.of()).forEach((key, tasks) -> {
                String[] ids = key.split("/");
                executors.add(new Views.Executor(Integer.parseInt(ids[0]), Integer.parseInt(ids[1]), tasks[0]));
            });
            out.add(Views.Worker.of(w, executors));
        }
        return new Views.Workers(out);
    }

    /**
     * Only the serving leader takes a jar (a follower redirects before the body is read): saved, then
     * submitted by a child JVM; 202 with the submission and, when its main printed it in time, the application id;
     * 422 with the child's last line when it ended in failure without submitting.
     */
    private Response submit(HttpExchange exchange, ApiCall.Submit s) throws Exception {
        await(master.ask(new ClientProtocol.GetCluster())); // redirects unless this master serves
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !List.of("application/java-archive", "application/x-java-archive", "application/octet-stream",
                "application/zip").contains(type.split(";")[0].trim().toLowerCase(Locale.ROOT))) {
            return error(415, "the body must be the jar (Content-Type application/java-archive), not " + type);
        }
        byte[] jar = readBody(exchange.getRequestBody(), settings.maxJarBytes());
        if (jar.length < 4 || !Arrays.equals(jar, 0, 4, ZIP_MAGIC, 0, 4)) {
            throw ApiException.badRequest("the body is not a jar (not a zip file): " + jar.length + " bytes");
        }
        Submissions.Submission started = submissions.start(jar, s);
        List<Integer> ids = Submissions.awaitAppIds(started, s.waitMillis());
        if (ids.isEmpty() && !started.process().isAlive() && started.process().exitValue() != 0) {
            return error(422, "submission " + started.id() + " failed (exit " + started.process().exitValue() + "): "
                    + Submissions.lastLogLine(started));
        }
        return new Response(202, Views.Submission.of(started, ids),
                Map.of("Location", Routes.BASE + "/submissions/" + started.id()));
    }

    private static byte[] readBody(InputStream in, int max) throws IOException {
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
            throw new ApiException(413, "the jar is larger than " + max + " bytes (gearpump.net.frame.max.bytes)");
        }
        return body;
    }

    private <T> T await(Future<T> answer) throws Exception {
        try {
            return answer.get(settings.answerWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            answer.cancel(false);
            throw new ApiException(504, "the master did not answer within " + settings.answerWait().toMillis() + " ms");
        }
    }

    /** A refusal or failure as a status; a follower's redirect as 307 to the leader's REST API (503 while unknown). */
    private Response failure(HttpExchange exchange, Exception e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return switch (cause) {
            case InterruptedException i -> {
                Thread.currentThread().interrupt();
                yield error(503, "the master is closing");
            }
            case ApiException a -> a.allow() == null ? error(a.status(), a.getMessage())
                    : new Response(a.status(), new Views.Error(a.getMessage(), a.status()), Map.of("Allow", a.allow()));
            case RedirectException r -> redirect(exchange, r);
            case ClusterException c -> error(status(c), c.getMessage());
            default -> {
                LOG.warn("REST {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), cause);
                yield error(500, "internal error: " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            }
        };
    }

    private Response redirect(HttpExchange exchange, RedirectException r) {
        String leader;
        try {
            leader = master.leaderRest().get(settings.answerWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            leader = "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            leader = "";
        }
        if (leader.isEmpty() || leader.equals(selfUrl)) {
            return new Response(503, new Views.Error("no leader's REST API is known yet (" + r.getMessage() + "); try again", 503),
                    Map.of("Retry-After", "1"));
        }
        String location = leader + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        return new Response(307, new Views.Redirect("this master is not the leader; ask " + leader, 307, location),
                Map.of("Location", location));
    }

    private static int status(ClusterException e) {
        return switch (e.error()) {
            case UNKNOWN_APP -> 404;
            case APP_ENDED, SUPERSEDED -> 409;
            case INVALID_SUBMISSION, UNSUPPORTED -> 400;
            case NO_RESOURCES, NO_QUORUM, NOT_READY, NO_MASTER -> 503;
            case UNKNOWN -> 500;
        };
    }

    private static Response error(int status, String message) {
        return Response.ok(status, new Views.Error(message, status));
    }

    private void send(HttpExchange exchange, Response r) throws IOException {
        byte[] body;
        try {
            body = json.writeValueAsBytes(r.body());
        } catch (JsonProcessingException e) {
            LOG.warn("REST {}: the answer does not render as JSON", exchange.getRequestURI(), e);
            body = ("{\"error\":\"the answer does not render as JSON\",\"status\":500}").getBytes(StandardCharsets.UTF_8);
            r = new Response(500, null, Map.of());
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        r.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(r.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
