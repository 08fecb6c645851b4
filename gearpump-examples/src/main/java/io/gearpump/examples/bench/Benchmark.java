package io.gearpump.examples.bench;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.UserConfig;
import io.gearpump.examples.ExampleMain;
import io.gearpump.examples.Options;
import io.gearpump.examples.sol.SOL;
import io.gearpump.examples.sol.SOLStreamProcessor;
import io.gearpump.examples.sol.SOLStreamProducer;
import io.gearpump.examples.wordcount.WordCount;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.LocalEngine;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code gear bench sol|wordcount|latency}: the peers' three workloads on the in-process cluster,
 * printed as one {@code key=value} line like {@code ../shared/peers/run.sh} prints.
 * <ul>
 *   <li>sol: 2 producers -> shuffle -> 2 processors, 100-byte messages; msgs/s received by the processors.</li>
 *   <li>wordcount: 2 Split -> hash -> 2 Sum (running count per word); words/s counted.</li>
 *   <li>latency: paced sources at 100,000 msgs/s in total -> hash edge -> sinks; percentiles of
 *       output-to-receipt time.</li>
 *   <li>net: the SOL and latency workloads split over two JVMs on loopback ({@link NetBenchmark}).</li>
 * </ul>
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(ExampleMain.run(() -> run(args)));
    }

    private static int run(String[] args) throws Exception {
        String usage = "usage: gear bench <sol|wordcount|latency|net|raft|failover|startup|recovery|state|rest|codec|loopback> [-seconds 20] [-warmup 5] [-parallelism 2] [-rate 100000] [-tickus 100] [-cluster] [-guarantee exactly_once]";
        if (args.length == 0) {
            throw new IllegalArgumentException(usage);
        }
        String workload = args[0];
        Options o = new Options("gear bench " + workload)
                .option("seconds", 20, "measured seconds")
                .option("warmup", 5, "seconds after the first item that are not measured")
                .option("parallelism", 2, "tasks per stage")
                .option("rate", 100_000, "latency workload: messages per second in total")
                .option("tickus", 100, "latency workload: least microseconds between two bursts of a source")
                .option("variant", "all", "net: all, net-1stream, net-4streams, net-latency, net-streams; loopback: latency (else bytes a second)")
                .option("streams", 4, "net-streams: streams between the two JVMs (1, 2, 4, 9, 16, ...)")
                .option("trials", 20, "failover: leader kills to time; recovery: executor kills to time")
                .option("cluster", "no", "sol: yes (or -cluster alone) runs SOL on a master and two workers, executors as JVMs")
                .option("guarantee", "", "wordcount: none, at_least_once or exactly_once runs it on LocalCluster with 1 s checkpoints")
                .option("stages", "own", "own (the examples' stages) or peers: sol source -> shuffle -> identity -> counting sink; "
                        + "wordcount with -guarantee the peers' five stages; latency: relay adds an identity stage, one-to-one to the sinks")
                .option("counter", "long",
                        "wordcount -stages peers: long (a LongValueState per word) or boxed (a ValueState<Long>, as the peers' Flink job)")
                .option("keys", 4_000_000, "state: keys in the keyed state")
                .option("valuebytes", 240, "state: bytes of each key's value")
                .option("requests", 200, "rest: GET requests per second to the REST API while SOL runs")
                .option("value", "bytes", "codec: bytes (SOL's array), record (the latency workload's record of two longs and the array), kryo-record (that record through Kryo's own record serializer)")
                .option("bytes", 100, "codec and net-streams: bytes of each message's value")
                .option("chunk", 65_536, "loopback: bytes per write and per read")
                .parse(flagsAsOptions(Arrays.copyOfRange(args, 1, args.length)));
        int par = o.getInt("parallelism", 1);
        int rate = o.getInt("rate", 1);
        if (workload.equals("sol") && o.getString("cluster").equals("yes")) {
            System.out.printf(Locale.ROOT, "engine=gearpump workload=sol-cluster %s jdk=%s%n",
                    ClusterBenchmark.run(o.getInt("warmup", 0), o.getInt("seconds", 1)), System.getProperty("java.version"));
            return 0;
        }
        if (workload.equals("wordcount") && !o.getString("guarantee").isEmpty()) {
            System.out.printf(Locale.ROOT, "engine=gearpump workload=wordcount-localcluster %s par=%d jdk=%s%n",
                    CheckpointBenchmark.run(GearConfig.GUARANTEE.parse(o.getString("guarantee")),
                            o.getString("stages").equals("peers"), counter(o.getString("counter")), par, o.getInt("warmup", 0),
                            o.getInt("seconds", 1)), par, System.getProperty("java.version"));
            return 0;
        }
        if (workload.equals("state")) {
            String guarantee = o.getString("guarantee").isEmpty() ? "exactly_once" : o.getString("guarantee");
            System.out.printf(Locale.ROOT, "engine=gearpump workload=state-localcluster %s par=%d jdk=%s%n",
                    StateBenchmark.run(GearConfig.GUARANTEE.parse(guarantee), par, o.getInt("keys", 1), o.getInt("valuebytes", 1),
                            o.getInt("warmup", 0), o.getInt("seconds", 1)), par, System.getProperty("java.version"));
            return 0;
        }
        if (workload.equals("rest")) {
            System.out.printf(Locale.ROOT, "engine=gearpump workload=rest-localcluster %s jdk=%s%n",
                    RestBenchmark.run(o.getInt("requests", 1), o.getInt("warmup", 0), o.getInt("seconds", 1)), System.getProperty("java.version"));
            return 0;
        }
        if (workload.equals("codec")) {
            System.out.printf(Locale.ROOT, "engine=gearpump workload=codec %s jdk=%s%n",
                    CodecBenchmark.run(o.getString("value"), o.getInt("bytes", 1), o.getInt("warmup", 0), o.getInt("seconds", 1)), System.getProperty("java.version"));
            return 0;
        }
        if (workload.equals("loopback")) {
            System.out.printf(Locale.ROOT, "engine=jdk-nio workload=loopback %s jdk=%s%n",
                    o.getString("variant").equals("latency")
                            ? LoopbackBenchmark.latency(rate, o.getInt("warmup", 0), o.getInt("seconds", 1))
                            : LoopbackBenchmark.run(o.getInt("chunk", 1), o.getInt("warmup", 0), o.getInt("seconds", 1)),
                    System.getProperty("java.version"));
            return 0;
        }
        if (workload.equals("startup")) {
            boolean sol = o.getString("stages").equals("peers");
            System.out.printf(Locale.ROOT, "engine=gearpump workload=startup app=%s %s jdk=%s%n", sol ? "sol-peers par=" + par : "wordcount",
                    StartupBenchmark.run(sol ? par : 0), System.getProperty("java.version"));
            return 0;
        }
        if (workload.equals("raft")) {
            RaftBenchmark.run(o.getInt("warmup", 0), o.getInt("seconds", 1)).forEach(System.out::println);
            return 0;
        }
        if (workload.equals("recovery")) {
            System.out.printf(Locale.ROOT, "engine=gearpump workload=recovery %s jdk=%s%n", RecoveryBenchmark.run(o.getInt("trials", 1)),
                    System.getProperty("java.version"));
            return 0;
        }
        if (workload.equals("failover")) {
            System.out.println(FailoverBenchmark.run(o.getInt("trials", 1)));
            return 0;
        }
        if (workload.equals("net")) {
            NetBenchmark.coordinate(o.getString("variant"), o.getInt("warmup", 0), o.getInt("seconds", 1), rate,
                    o.getInt("tickus", 0), o.getInt("streams", 1), o.getInt("bytes", 1), System.out);
            return 0;
        }
        boolean peerStages = o.getString("stages").equals("peers");
        Application app = switch (workload) {
            case "sol" -> peerStages ? peerSol(par) : SOL.application(par, par, 2, UserConfig.empty().with(SOLStreamProducer.BYTES_PER_MESSAGE, 100));
            case "wordcount" -> WordCount.application(par, par, UserConfig.empty());
            case "latency" -> LatencyWorkload.application(par, rate, o.getInt("tickus", 0), o.getString("stages").equals("relay"));
            default -> throw new IllegalArgumentException("unknown workload '" + workload + "'\n" + usage);
        };
        // the engine itself, in this JVM: counts are read from the tasks directly, not from periodic reports
        try (LocalEngine cluster = new LocalEngine(GearConfig.load())) {
            long submitted = ManagementFactory.getRuntimeMXBean().getUptime();
            int appId = cluster.submit(app);
            String line = switch (workload) {
                case "latency" -> latency(o.getInt("warmup", 0), o.getInt("seconds", 1), rate, () -> 0);
                case "sol" -> Measurement.run(() -> cluster.status(appId).processor(peerStages ? "sink" : "processor-1").received(),
                        o.getInt("warmup", 0), o.getInt("seconds", 1), () -> { }).formatSince(submitted, "msgs_per_s");
                default -> Measurement.run(() -> cluster.status(appId).processor("sum").received(),
                        o.getInt("warmup", 0), o.getInt("seconds", 1), () -> { }).formatSince(submitted, "words_per_s");
            };
            System.out.printf(Locale.ROOT, "engine=gearpump workload=%s %s par=%d jdk=%s%n", workload, line, par,
                    System.getProperty("java.version"));
            cluster.kill(appId);
        }
        return 0;
    }

    /** SOL with the peers' stages: 100-byte messages, source -> shuffle -> identity -> one-to-one -> counting sink. */
    private static Application peerSol(int par) {
        return peerSol(par, CountingSink.class);
    }

    /** The same with {@code sink} as its sinks. */
    static Application peerSol(int par, Class<? extends io.gearpump.core.api.Task> sink) {
        UserConfig config = UserConfig.empty().with(SOLStreamProducer.BYTES_PER_MESSAGE, 100);
        return Application.of("sol-peers", Graph.of(Processor.of(SOLStreamProducer.class, par, "producer", config)
                .to(Partitioners.shuffle(), Processor.of(SOLStreamProcessor.class, par, "processor-1", config))
                .to(Partitioners.coLocation(), Processor.of(sink, par, "sink"))));
    }

    /** Measures the latency workload running in this JVM (its sinks); {@code otherCpu} adds another JVM's CPU. */
    static String latency(int warmup, int seconds, int rate, java.util.function.LongSupplier otherCpu)
            throws InterruptedException {
        LatencyHistogram h = LatencyWorkload.HISTOGRAM;
        long[][] before = new long[1][];
        Measurement.Result r = Measurement.run(() -> LatencyHistogram.total(h.snapshot()),
                warmup, seconds, () -> before[0] = h.snapshot(), otherCpu);
        long[] window = LatencyHistogram.since(before[0], h.snapshot());
        return String.format(Locale.ROOT,
                "target_per_s=%d achieved_per_s=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f samples=%d secs=%.1f cpu_cores=%.2f gc_ms=%d first_item_ms=%d alloc_bytes_per_item=%.1f",
                rate, r.perSecond(), us(LatencyHistogram.valueAt(window, 50)), us(LatencyHistogram.valueAt(window, 99)),
                us(LatencyHistogram.valueAt(window, 99.9)), us(LatencyHistogram.max(window)), LatencyHistogram.total(window),
                r.secs(), r.cpuCores(), r.gcMillis(), r.firstItemMillis(), r.allocatedPerItem());
    }

    /** Whether {@code -counter} asks for the boxed counter; anything but long or boxed is refused, naming it. */
    private static boolean counter(String counter) {
        return switch (counter) {
            case "long" -> false;
            case "boxed" -> true;
            default -> throw new IllegalArgumentException("-counter must be long or boxed, not '" + counter + "'");
        };
    }

    /** {@code -cluster} alone means {@code -cluster yes}. */
    private static String[] flagsAsOptions(String[] args) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            out.add(args[i]);
            if (args[i].equals("-cluster") && (i + 1 == args.length || args[i + 1].startsWith("-"))) {
                out.add("yes");
            }
        }
        return out.toArray(String[]::new);
    }

    private static double us(long nanos) {
        return nanos / 1000.0;
    }
}
