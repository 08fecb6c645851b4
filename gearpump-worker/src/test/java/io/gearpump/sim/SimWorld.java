package io.gearpump.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * Simulated time and the events due at it, with the seeded random that decides delays and losses,
 * and the network's partitions: a host (a worker with its executors and AppMasters) cut off from the
 * masters, or from every other host, for a while. Across a partition nothing arrives; as with TCP,
 * what was sent waits and arrives in order when the partition heals, unless the connection dies
 * first: a connection that crosses a partition for {@link #CONNECTION_TIMEOUT_MILLIS} closes (the RPC
 * layer's heartbeats declare the peer dead), and so does one opened across it (the dial never
 * completes).
 */
final class SimWorld {

    /** How long a connection outlives a partition it crosses: the RPC heartbeat timeout (gearpump.net.heartbeat.timeout.ms). */
    static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

    /** {@code -Dsim.trace=true}: the simulation's own events (faults, launches, exits, tasks started) with their simulated time. */
    static final boolean TRACE = Boolean.getBoolean("sim.trace");

    /** What a partition cuts a host off from. */
    enum Cut { FROM_MASTERS, FROM_ALL }

    private record Event(long time, long seq, Runnable action) {
    }

    private record Partition(Cut cut, long sinceMillis) {
    }

    final Random random;
    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private final Map<String, Partition> partitions = new HashMap<>();
    private final Map<String, Long> healedAt = new HashMap<>();
    private final Set<SimConnection> open = new LinkedHashSet<>();
    private final Set<SimConnection> stalled = new LinkedHashSet<>();
    private final long start;
    private long now;
    private long seq;
    double lossRate;
    int maxDelayMillis = 1;
    int partitionsMade;

    SimWorld(long seed, long startMillis) {
        this.random = new Random(seed);
        this.now = startMillis;
        this.start = startMillis;
    }

    long now() {
        return now;
    }

    void at(long time, Runnable action) {
        events.add(new Event(Math.max(time, now), seq++, action));
    }

    /** Moves time to {@code until}, running every event due on the way, in order. */
    int advance(long until) {
        int ran = 0;
        while (!events.isEmpty() && events.peek().time() <= until) {
            Event e = events.poll();
            now = e.time();
            e.action().run();
            ran++;
        }
        now = until;
        return ran;
    }

    /** Runs what is due now (events scheduled by this step's work). */
    int runDue() {
        return advance(now);
    }

    /** One line of {@link #TRACE}, stamped with the simulated time since the start. */
    void trace(String what) {
        if (TRACE) {
            System.out.println("[" + (now - start) + " ms] " + what);
        }
    }

    boolean lost() {
        return lossRate > 0 && random.nextDouble() < lossRate;
    }

    long delay() {
        return 1 + random.nextInt(maxDelayMillis);
    }

    // ------------------------------------------------------------------ partitions

    /** Cuts {@code host} off until {@link #heal}; the connections that now cross a partition die if it lasts. */
    void cutOff(String host, Cut cut) {
        if (partitions.containsKey(host)) {
            return;
        }
        partitions.put(host, new Partition(cut, now));
        partitionsMade++;
        trace(host + " cut off " + cut);
        for (SimConnection c : new ArrayList<>(open)) {
            if (partitioned(c.client, c.server)) {
                closeIfStillCut(c);
            }
        }
    }

    /** The partition around {@code host} is gone: what waited to cross it goes on its way. */
    void heal(String host) {
        if (partitions.remove(host) == null) {
            return;
        }
        healedAt.put(host, now);
        trace(host + " reachable again");
        List<SimConnection> waiting = new ArrayList<>(stalled);
        stalled.clear();
        waiting.forEach(SimConnection::release);
    }

    void healAll() {
        new ArrayList<>(partitions.keySet()).forEach(this::heal);
    }

    boolean isCut(String host) {
        return partitions.containsKey(host);
    }

    List<String> cutHosts() {
        return new ArrayList<>(partitions.keySet());
    }

    /** Whether nothing gets from {@code a} to {@code b} (either way) now. */
    boolean partitioned(SimProcess a, SimProcess b) {
        return !a.host.equals(b.host) && (cuts(a, b) || cuts(b, a));
    }

    private boolean cuts(SimProcess side, SimProcess other) {
        Partition p = partitions.get(side.host);
        return p != null && (p.cut() == Cut.FROM_ALL || other.isMaster());
    }

    /**
     * Since when {@code host} has been able to reach the masters: {@link Long#MAX_VALUE} while it is cut
     * off, else the end of its last partition (0 if it never was).
     */
    long reachableSince(String host) {
        return partitions.containsKey(host) ? Long.MAX_VALUE : healedAt.getOrDefault(host, 0L);
    }

    // ------------------------------------------------------------------ for the connections

    void opened(SimConnection c) {
        open.add(c);
        if (partitioned(c.client, c.server)) {
            closeIfStillCut(c); // a dial across a partition never completes
        }
    }

    void closed(SimConnection c) {
        open.remove(c);
        stalled.remove(c);
    }

    /** {@code c} holds messages until a partition heals. */
    void stalled(SimConnection c) {
        stalled.add(c);
    }

    private void closeIfStillCut(SimConnection c) {
        long since = now;
        at(now + CONNECTION_TIMEOUT_MILLIS + random.nextInt(1_000), () -> {
            if (c.isOpen() && partitioned(c.client, c.server) && cutSince(c) <= since) {
                c.close("no heartbeat from the peer for " + CONNECTION_TIMEOUT_MILLIS + " ms (partitioned)");
            }
        });
    }

    /** When the partition that separates {@code c}'s ends began (the later of the two, if both hosts are cut off). */
    private long cutSince(SimConnection c) {
        long since = Long.MIN_VALUE;
        for (SimProcess p : List.of(c.client, c.server)) {
            Partition cut = partitions.get(p.host);
            if (cut != null) {
                since = Math.max(since, cut.sinceMillis());
            }
        }
        return since;
    }
}
