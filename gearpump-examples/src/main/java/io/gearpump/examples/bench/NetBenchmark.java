package io.gearpump.examples.bench;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.ChildJvm;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.examples.sol.SOLStreamProcessor;
import io.gearpump.examples.sol.SOLStreamProducer;
import io.gearpump.net.loop.EventLoopGroup;
import io.gearpump.net.protocol.NetWire;
import io.gearpump.net.auth.Handshakes;
import io.gearpump.net.stream.StreamHub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * {@code gear bench net}: the same application split over two JVMs on loopback, so every message
 * crosses a socket through gearpump-net. The coordinator (this JVM) starts a receiver JVM (the sinks,
 * which measures) and a sender JVM (the sources) per variant and prints the receiver's line; CPU is
 * both JVMs' together, {@code alloc_bytes_per_item} the receiver JVM's allocation per message and
 * {@code sender_alloc_bytes_per_msg} the sender JVM's (measured there over a window as long).
 * <ul>
 *   <li>net-1stream: 1 producer -> 1 processor, 100-byte messages.</li>
 *   <li>net-4streams: 2 producers -> shuffle -> 2 processors (4 streams on one connection).</li>
 *   <li>net-latency: paced sources (100,000 msgs/s in total) -> hash -> sinks, across the JVMs.</li>
 *   <li>net-streams ({@code -streams N -bytes B}, not in "all"): N streams of B-byte messages, for the
 *       scaling curves (N = k * k: k producers shuffling to k processors; else N one-to-one pairs).</li>
 * </ul>
 */
final class NetBenchmark {

    private static final int SENDER = 1;
    private static final int RECEIVER = 2;
    private static final int APP_ID = 1;

    private NetBenchmark() {
    }

    /** Runs every variant, each in a fresh pair of JVMs. */
    static void coordinate(String which, int warmup, int seconds, int rate, int tickMicros, int streams, int bytes,
                           PrintStream out) throws Exception {
        List<String> variants = List.of("net-1stream", "net-4streams", "net-latency", "net-streams");
        if (!which.equals("all") && !variants.contains(which)) {
            throw new IllegalArgumentException("unknown variant '" + which + "'; known: all, " + String.join(", ", variants));
        }
        for (String variant : which.equals("all") ? variants.subList(0, 3) : List.of(which)) {
            out.println(runVariant(variant, warmup, seconds, rate, tickMicros, streams, bytes));
            out.flush();
        }
    }

    private static String runVariant(String variant, int warmup, int seconds, int rate, int tickMicros, int streams,
                                     int bytes) throws Exception {
        List<String> common = List.of(variant, String.valueOf(warmup), String.valueOf(seconds), String.valueOf(rate),
                String.valueOf(tickMicros), String.valueOf(streams), String.valueOf(bytes));
        Process receiver = child("receiver", common, List.of());
        Process sender = null;
        try {
            BufferedReader fromReceiver = reader(receiver);
            int port = Integer.parseInt(expect(fromReceiver, "PORT ", receiver));
            sender = child("sender", common, List.of(String.valueOf(port)));
            receiver.getOutputStream().write(("SENDER " + sender.pid() + "\n").getBytes(StandardCharsets.UTF_8));
            receiver.getOutputStream().flush();
            String line = expect(fromReceiver, "engine=", receiver);
            return line + " " + expect(reader(sender), "SENDER ", sender); // the sender's own figures, same window length
        } finally {
            // the sender goes first, once the receiver has stopped the application: a receiver gone
            // first would fail the sending tasks, which would print the lost streams as errors
            if (sender != null) {
                sender.destroy();
                sender.waitFor(10, TimeUnit.SECONDS);
            }
            receiver.getOutputStream().close(); // the receiver ends when its input does
            if (!receiver.waitFor(10, TimeUnit.SECONDS)) {
                receiver.destroy();
                receiver.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Entry point of the two child JVMs. */
    public static void main(String[] args) throws Exception {
        String role = args[0];
        String variant = args[1];
        int warmup = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        int tickMicros = Integer.parseInt(args[5]);
        int streams = Integer.parseInt(args[6]);
        int bytes = Integer.parseInt(args[7]);
        Application app = application(variant, rate, tickMicros, streams, bytes);
        GearConfig config = GearConfig.load();
        WireRegistry registry = NetWire.builder(config, NetBenchmark.class.getClassLoader())
                .registerUserType(LatencyWorkload.Probe.class).build();
        ToIntFunction<TaskId> placement = task -> task.processorId() == 0 ? SENDER : RECEIVER;
        int me = role.equals("sender") ? SENDER : RECEIVER;
        try (EventLoopGroup loops = new EventLoopGroup("exec" + me, config.get(GearConfig.EVENT_LOOPS),
                config.get(GearConfig.FRAME_MAX_BYTES));
             StreamHub hub = new StreamHub(me, config, registry, loops, Handshakes.fromConfig(config), 0);
             LocalEngine engine = new LocalEngine(config)) {
            if (me == SENDER) {
                hub.addPeer(RECEIVER, new InetSocketAddress("127.0.0.1", Integer.parseInt(args[8])));
                engine.submitPart(APP_ID, app, hub.links(placement), Instant.EPOCH);
                String source = variant.equals("net-latency") ? "paced-source" : "producer";
                Measurement.Result r = Measurement.run(() -> engine.status(APP_ID).processor(source).sent(), warmup, seconds,
                        () -> { });
                System.out.println(String.format(Locale.ROOT, "SENDER sender_alloc_bytes_per_msg=%.1f sender_gc_ms=%d",
                        r.allocatedPerItem(), r.gcMillis()));
                System.out.flush();
                engine.awaitTermination(APP_ID, Duration.ofDays(1)); // until the coordinator stops us
                return;
            }
            System.out.println("PORT " + hub.address().getPort());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            long senderPid = Long.parseLong(expect(in, "SENDER ", null));
            ProcessHandle senderProcess = ProcessHandle.of(senderPid).orElseThrow();
            engine.submitPart(APP_ID, app, hub.links(placement), Instant.EPOCH);
            String result = measure(variant, engine, warmup, seconds, rate, () -> cpuNanos(senderProcess));
            String shape = variant.equals("net-streams") ? " streams=" + streams + " bytes=" + bytes : "";
            System.out.println(String.format(Locale.ROOT, "engine=gearpump workload=%s%s %s jvms=2 jdk=%s", variant, shape,
                    result, System.getProperty("java.version")));
            System.out.flush();
            engine.kill(APP_ID);
            while (in.readLine() != null) {
                // until the coordinator has stopped the sender and closes our input
            }
        }
    }

    private static String measure(String variant, LocalEngine engine, int warmup, int seconds, int rate,
                                  java.util.function.LongSupplier senderCpu) throws InterruptedException {
        if (variant.equals("net-latency")) {
            return Benchmark.latency(warmup, seconds, rate, senderCpu);
        }
        return Measurement.run(() -> engine.status(APP_ID).processor("processor").received(), warmup, seconds,
                () -> { }, senderCpu).format("msgs_per_s");
    }

    private static Application application(String variant, int rate, int tickMicros, int streams, int bytes) {
        return switch (variant) {
            case "net-1stream" -> sol(1, Partitioners.coLocation(), 100);
            case "net-4streams" -> sol(2, Partitioners.shuffle(), 100);
            case "net-latency" -> LatencyWorkload.application(2, rate, tickMicros);
            case "net-streams" -> streams(streams, bytes);
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
    }

    /** {@code n} streams: k producers shuffling to k processors when n = k * k (k > 1), else n one-to-one pairs. */
    private static Application streams(int n, int bytes) {
        int k = (int) Math.round(Math.sqrt(n));
        return k > 1 && k * k == n ? sol(k, Partitioners.shuffle(), bytes) : sol(n, Partitioners.coLocation(), bytes);
    }

    private static Application sol(int parallelism, Partitioner partitioner, int bytes) {
        UserConfig config = UserConfig.empty().with(SOLStreamProducer.BYTES_PER_MESSAGE, bytes);
        Processor producer = Processor.of(SOLStreamProducer.class, parallelism, "producer", config);
        Processor processor = Processor.of(SOLStreamProcessor.class, parallelism, "processor");
        return Application.of("net-sol", Graph.of(producer.to(partitioner, processor)));
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static Process child(String role, List<String> common, List<String> extra) throws IOException {
        String childOpts = System.getenv("GEAR_BENCH_CHILD_OPTS"); // extra JVM options for both executors
        List<String> own = childOpts == null || childOpts.isBlank() ? List.of() : List.of(childOpts.trim().split("\\s+"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildJvm.defaultOptions());
        command.addAll(List.of("-Xms2g", "-Xmx2g"));
        if (own.stream().noneMatch(o -> o.matches("-XX:\\+Use\\w+GC"))) {
            command.add("-XX:+UseG1GC"); // unless the options choose a collector (two would not start)
        }
        command.addAll(own); // after the defaults, so that they win
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("gearpump.")) { // the configuration file and any -D override
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                NetBenchmark.class.getName(), role));
        command.addAll(common);
        command.addAll(extra);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads lines until one starts with {@code prefix}; returns the rest (or the whole line for "engine="). */
    private static String expect(BufferedReader in, String prefix, Process p) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return prefix.equals("engine=") ? line : line.substring(prefix.length()).trim();
            }
        }
        throw new IOException("the " + (p == null ? "coordinator" : "receiver JVM") + " ended before saying '" + prefix
                + "'" + (p == null ? "" : " (exit " + p.exitValue() + ")"));
    }
}
