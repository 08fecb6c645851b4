package io.gearpump.examples.bench;

import io.gearpump.core.api.UserConfig;
import io.gearpump.examples.sol.SOL;
import io.gearpump.examples.sol.SOLStreamProducer;
import io.gearpump.local.LocalCluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code gear bench rest}: the REST API's latency while the engine works. A LocalCluster runs SOL
 * (two stages of two tasks, 100-byte messages) and this JVM asks {@code GET /api/v1/apps/{id}} at a
 * fixed rate, open loop: each request's latency counts from when it was due, not from when it was
 * sent, so a slow answer cannot hide the ones queued behind it.
 */
final class RestBenchmark {

    private RestBenchmark() {
    }

    static String run(int requestsPerSecond, int warmupSeconds, int seconds) throws Exception {
        try (LocalCluster cluster = LocalCluster.start();
             ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            int appId = cluster.submit(SOL.application(2, 2, 2, UserConfig.empty().with(SOLStreamProducer.BYTES_PER_MESSAGE, 100)));
            URI detail = URI.create(cluster.restAddress() + "/apps/" + appId);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            LatencyHistogram latency = new LatencyHistogram();
            AtomicLong failures = new AtomicLong();
            long interval = 1_000_000_000L / requestsPerSecond;
            long start = System.nanoTime();
            long measureFrom = start + warmupSeconds * 1_000_000_000L;
            long end = measureFrom + seconds * 1_000_000_000L;
            long[] before = null;
            long solBefore = 0;
            for (long due = start; due < end; due += interval) {
                LockSupport.parkNanos(due - System.nanoTime());
                if (before == null && due >= measureFrom) {
                    before = latency.snapshot();
                    solBefore = cluster.status(appId).received("processor-1");
                }
                long dueAt = due;
                senders.submit(() -> ask(http, detail, dueAt, latency, failures));
            }
            senders.shutdown();
            senders.awaitTermination(30, TimeUnit.SECONDS);
            long solAfter = cluster.status(appId).received("processor-1");
            long[] counts = LatencyHistogram.since(before, latency.snapshot());
            cluster.kill(appId);
            return String.format(Locale.ROOT, "rest_requests_per_s=%d requests=%d failures=%d p50_us=%.0f p99_us=%.0f p999_us=%.0f "
                            + "max_us=%.0f sol_msgs_per_s=%.0f", requestsPerSecond, LatencyHistogram.total(counts), failures.get(),
                    LatencyHistogram.valueAt(counts, 50) / 1e3, LatencyHistogram.valueAt(counts, 99) / 1e3,
                    LatencyHistogram.valueAt(counts, 99.9) / 1e3, LatencyHistogram.valueAt(counts, 100) / 1e3,
                    (solAfter - solBefore) / (double) seconds);
        }
    }

    private static void ask(HttpClient http, URI uri, long dueNanos, LatencyHistogram latency, AtomicLong failures) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                failures.incrementAndGet();
            }
        } catch (Exception e) {
            failures.incrementAndGet();
        }
        latency.record(System.nanoTime() - dueNanos);
    }
}
