package io.gearpump.core.task;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Counter;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.KeyedPartitioner;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.serialization.PartitionerCodec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds the runners of one application in this JVM and connects them: one runner per task, one
 * output channel per (sending task, receiving task) pair of every edge, each with its own input
 * channel number at the receiver. Nothing runs until the caller starts the runners.
 */
public final class TaskNetwork {

    static final int MIN_BATCH = 8;
    static final int MIN_INBOX = 64;
    /** Above this many channels a task no longer sends its watermark alone on each; receivers read {@link ProcessorWatermarks}. */
    static final int WATERMARK_ALONE_MAX_CHANNELS = 64;

    /** A one-to-one edge's sender has the one target it reaches, at 0. */
    private TaskNetwork() {
    }

    /** Every task of the application, in this JVM. */
    public static List<TaskRunner> build(RunId run, Application app, GearConfig config, Instant startTime,
                                         Function<String, Counter> counters, TaskSupervisor supervisor,
                                         NanoClock clock) {
        return build(run, app, config, startTime, counters, supervisor, clock, RemoteLinks.ALL_LOCAL);
    }

    /** The tasks {@code links} places in this JVM, connected locally and, through {@code links}, to the rest. */
    public static List<TaskRunner> build(RunId run, Application app, GearConfig config, Instant startTime,
                                         Function<String, Counter> counters, TaskSupervisor supervisor,
                                         NanoClock clock, RemoteLinks links) {
        Graph graph = app.graph();
        int localTasks = 0;
        for (Processor p : graph.processors()) {
            for (int i = 0; i < p.parallelism(); i++) {
                localTasks += links.isLocal(new TaskId(graph.idOf(p), i)) ? 1 : 0;
            }
        }
        int inboxCapacity = inboxFor(config.get(GearConfig.INBOX_CAPACITY), config.get(GearConfig.INFLIGHT_BUDGET), localTasks);
        // two batches fit in an inbox, so a sender fills the next while the receiver works on the last
        int batchSize = Math.min(config.get(GearConfig.BATCH_SIZE), Math.max(MIN_BATCH, inboxCapacity / 2));
        long watermarkInterval = config.get(GearConfig.WATERMARK_INTERVAL_MS) * 1_000_000L;
        int idleYields = config.get(GearConfig.IDLE_YIELDS);
        boolean chaining = config.get(GearConfig.CHAINING);

        List<List<TaskRunner>> byProcessor = new ArrayList<>(); // null where the task runs elsewhere
        for (Processor p : graph.processors()) {
            int pid = graph.idOf(p);
            boolean source = graph.inEdges(p).isEmpty();
            List<TaskRunner> tasks = new ArrayList<>();
            for (int i = 0; i < p.parallelism(); i++) {
                TaskId id = new TaskId(pid, i);
                TaskSpec spec = new TaskSpec(run, app.name(), id, p.description(), p.parallelism(),
                        p.taskClass(), app.config().withAll(p.config()), startTime);
                TaskRunner runner = links.isLocal(id)
                        ? new TaskRunner(spec, inboxCapacity, source, watermarkInterval, counters, supervisor, clock)
                        : null;
                if (runner != null) {
                    runner.idleYields(idleYields);
                }
                tasks.add(runner);
            }
            byProcessor.add(tasks);
        }

        // what a task buffers for its downstream tasks shares the JVM's in-flight budget too: thousands
        // of tasks each filling 8,192 messages' worth held more than every inbox together
        int budget = outputBudgetFor(config.get(GearConfig.OUTPUT_BUDGET), config.get(GearConfig.INFLIGHT_BUDGET), localTasks);
        int shuffleWindow = Math.max(1, budget / batchSize); // whole batches a shuffle fills at a time
        int[] fanOut = new int[graph.processors().size()]; // channels each task of a processor fills at a time
        int[] channelsOut = new int[fanOut.length];        // channels each task of a processor has
        for (Graph.Edge e : graph.edges()) {
            int from = graph.idOf(e.from());
            fanOut[from] += Partitioners.channelsFilledAtOnce(e.partitioner(), e.to().parallelism(), shuffleWindow);
            channelsOut[from] += Partitioners.onlyTarget(e.partitioner(), 0, e.to().parallelism()) >= 0 ? 1 : e.to().parallelism();
        }
        ProcessorWatermarks[] flushed = new ProcessorWatermarks[fanOut.length];
        for (Processor p : graph.processors()) {
            int pid = graph.idOf(p);
            flushed[pid] = new ProcessorWatermarks(p.parallelism());
            for (TaskRunner t : byProcessor.get(pid)) {
                if (t != null) {
                    t.publishWatermarksTo(flushed[pid]);
                }
            }
        }
        int stream = 0;
        for (Graph.Edge e : graph.edges()) {
            int from = graph.idOf(e.from());
            int to = graph.idOf(e.to());
            List<TaskRunner> receivers = byProcessor.get(to);
            List<TaskRunner> senders = byProcessor.get(from);
            List<Function<Message, Object>> keyOf = keysOf(e, receivers);
            int channelBatch = batchFor(batchSize, budget, fanOut[from]);
            boolean watermarkAlone = channelsOut[from] <= WATERMARK_ALONE_MAX_CHANNELS;
            boolean oneToOne = senders.size() >= receivers.size()
                    && Partitioners.onlyTarget(e.partitioner(), 0, receivers.size()) >= 0;
            // operator chaining: each receiver's one input is its sender, so the sender's thread can run it too
            boolean chained = chaining && oneToOne && senders.size() == receivers.size() && graph.inEdges(e.to()).size() == 1;
            Iterator<Partitioner> partitioners = // a one-to-one edge needs none: its senders have one target each
                    PartitionerCodec.copies(e.partitioner(), e.toString(), oneToOne ? 0 : countLocal(senders)).iterator();
            if (!watermarkAlone && !oneToOne && !senders.contains(null) && !receivers.contains(null)) {
                connectByFanOuts(e, senders, receivers, keyOf, partitioners, channelBatch, flushed[from], clock, shuffleWindow);
                stream += senders.size() * receivers.size(); // numbered as if each pair had its stream: other JVMs number later edges the same
                continue;
            }
            for (int s = 0; s < senders.size(); s++) {
                TaskRunner sender = senders.get(s);
                OutputChannel[] targets = new OutputChannel[oneToOne ? 1 : receivers.size()]; // one-to-one: only the one it reaches
                LocalLinks shared = sender == null ? null
                        : new LocalLinks(channelBatch, sender.router()::watermark, clock, watermarkAlone);
                if (shared != null) {
                    sender.router().addLocalLinks(shared);
                }
                for (int r = 0; r < receivers.size(); r++, stream++) {
                    TaskRunner receiver = receivers.get(r);
                    if (oneToOne && r != s % receivers.size()) {
                        continue; // co-location: a channel this sender would never use, which every receiver still had to wait on
                    }
                    int slot = oneToOne ? 0 : r;
                    if (sender != null && receiver != null && chained) {
                        receiver.addInputChannel(keyOf.get(r));
                        receiver.chainTo(sender);
                        targets[slot] = new DirectChannel(receiver.core(), sender.router()::watermark);
                    } else if (sender != null && receiver != null) {
                        int channel = receiver.addInputChannel(keyOf.get(r));
                        targets[slot] = new LocalChannel(shared, receiver.inbox(), channel);
                        if (!watermarkAlone) {
                            receiver.watermarkFloor(channel, 1, flushed[from]);
                        }
                    } else if (sender != null) {
                        targets[slot] = links.outbound(streamKey(run.key(), stream, from, s, to, r), channelBatch, sender.router()::watermark);
                    } else if (receiver != null) {
                        links.inbound(streamKey(run.key(), stream, from, s, to, r), receiver, receiver.addInputChannel(keyOf.get(r)));
                    }
                }
                if (sender != null) {
                    Partitioner own = oneToOne ? OutputRouter.Edge.ONLY_TARGET
                            : Partitioners.windowed(partitioners.next(), receivers.size(), shuffleWindow, channelBatch);
                    sender.router().addEdge(new OutputRouter.Edge(e.toString(), own, targets, s));
                }
            }
        }
        return byProcessor.stream().flatMap(List::stream).filter(Objects::nonNull).toList();
    }

    /**
     * Connects every sender of edge {@code e} to every receiver, all in this JVM, through one
     * {@link LocalFanOut} per sender: what is built grows with the tasks, plus a few bytes per pair.
     * Each receiver numbers the edge's senders in a row.
     */
    private static void connectByFanOuts(Graph.Edge e, List<TaskRunner> senders, List<TaskRunner> receivers,
                                         List<Function<Message, Object>> keyOf, Iterator<Partitioner> partitioners,
                                         int channelBatch, ProcessorWatermarks flushed, NanoClock clock, int shuffleWindow) {
        Inbox[] inboxes = new Inbox[receivers.size()];
        int[] firstChannels = new int[receivers.size()];
        for (int r = 0; r < inboxes.length; r++) {
            TaskRunner receiver = receivers.get(r);
            inboxes[r] = receiver.inbox();
            firstChannels[r] = receiver.addInputChannels(senders.size(), keyOf.get(r));
            receiver.watermarkFloor(firstChannels[r], senders.size(), flushed);
        }
        for (int s = 0; s < senders.size(); s++) {
            TaskRunner sender = senders.get(s);
            LocalLinks shared = new LocalLinks(channelBatch, sender.router()::watermark, clock, false);
            sender.router().addLocalLinks(shared);
            Partitioner own = Partitioners.windowed(partitioners.next(), inboxes.length, shuffleWindow, channelBatch);
            sender.router().addEdge(new OutputRouter.Edge(e.toString(), own, new OutputChannel[0], s,
                    new LocalFanOut(shared, inboxes, firstChannels, s)));
        }
    }

    /** The stream from task {@code s} of processor {@code from} to task {@code r} of {@code to}: made only where one end is elsewhere. */
    private static StreamKey streamKey(int runKey, int stream, int from, int s, int to, int r) {
        return new StreamKey(runKey, stream, new TaskId(from, s), new TaskId(to, r));
    }

    /** An inbox's capacity: the configured one, smaller when many tasks share the JVM's budget (at least {@link #MIN_INBOX}). */
    static int inboxFor(int capacity, int budget, int tasks) {
        return Math.max(Math.min(MIN_INBOX, capacity), Math.min(capacity, budget / Math.max(1, tasks)));
    }

    /** A task's output budget: the configured one, smaller when many tasks share the JVM's in-flight budget (at least two batches of {@link #MIN_BATCH}). */
    static int outputBudgetFor(int budget, int inflightBudget, int tasks) {
        return Math.max(2 * MIN_BATCH, Math.min(budget, inflightBudget / Math.max(1, tasks)));
    }

    /** A channel's batch: the configured size, smaller when the sender's budget is shared by many channels (at least {@link #MIN_BATCH}). */
    static int batchFor(int batchSize, int budget, int fanOut) {
        return Math.max(Math.min(MIN_BATCH, batchSize), Math.min(batchSize, budget / Math.max(1, fanOut)));
    }

    private static int countLocal(List<TaskRunner> tasks) {
        int n = 0;
        for (TaskRunner t : tasks) {
            n += t == null ? 0 : 1;
        }
        return n;
    }

    /**
     * How each of {@code receivers} of edge {@code e} finds a message's key for keyed state, each with
     * its own copy of the partitioner (it may keep fields): null for a receiver elsewhere, or for all
     * when the partitioner has no keys.
     */
    private static List<Function<Message, Object>> keysOf(Graph.Edge e, List<TaskRunner> receivers) {
        List<Function<Message, Object>> keys = new ArrayList<>(receivers.size());
        Iterator<Partitioner> copies = e.partitioner() instanceof KeyedPartitioner
                ? PartitionerCodec.copies(e.partitioner(), e.toString(), countLocal(receivers)).iterator()
                : null;
        for (TaskRunner receiver : receivers) {
            keys.add(receiver == null || copies == null ? null : ((KeyedPartitioner) copies.next())::keyOf);
        }
        return keys;
    }
}
