package io.gearpump.master.raft;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * A simulated network in virtual time: each message is delivered after a random delay (so
 * messages reorder), or dropped, or delivered twice, and links between nodes can be cut one way
 * or both (partitions, including asymmetric ones). Clients' links are never cut, only lossy.
 * Deterministic for a given {@link Random}. Confined to the simulation's thread.
 */
final class SimNetwork {

    record Envelope(long at, long order, String from, String to, Object payload) {
    }

    private record Link(String from, String to) {
    }

    private final Random random;
    private final PriorityQueue<Envelope> inFlight =
            new PriorityQueue<>(Comparator.comparingLong(Envelope::at).thenComparingLong(Envelope::order));
    private final Set<Link> cut = new HashSet<>();
    private final Map<String, Integer> slowTo = new HashMap<>();
    private final Map<Class<?>, Integer> sentByType = new HashMap<>();
    private long order;
    double dropRate;
    double duplicateRate;
    int maxDelay = 1;
    double longDelayRate;
    int longDelay = 1;
    long sent;
    long dropped;

    SimNetwork(Random random) {
        this.random = random;
    }

    void send(long now, String from, String to, Object payload) {
        sent++;
        sentByType.merge(payload.getClass(), 1, Integer::sum);
        if (cut.contains(new Link(from, to)) || random.nextDouble() < dropRate) {
            dropped++;
            return;
        }
        enqueue(now, from, to, payload);
        if (random.nextDouble() < duplicateRate) {
            enqueue(now, from, to, payload);
        }
    }

    private void enqueue(long now, String from, String to, Object payload) {
        long delay = 1 + random.nextInt(maxDelay) + slowTo.getOrDefault(to, 0);
        if (longDelayRate > 0 && random.nextDouble() < longDelayRate) {
            delay += random.nextInt(longDelay);
        }
        inFlight.add(new Envelope(now + delay, order++, from, to, payload));
    }

    /** The messages due by {@code now}, in delivery order; a link cut meanwhile loses them. */
    List<Envelope> due(long now) {
        List<Envelope> out = new ArrayList<>();
        while (!inFlight.isEmpty() && inFlight.peek().at() <= now) {
            Envelope e = inFlight.poll();
            if (cut.contains(new Link(e.from(), e.to()))) {
                dropped++;
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** Every message to {@code node} takes {@code extra} more units (0: back to normal). */
    void slowDown(String node, int extra) {
        slowTo.put(node, extra);
    }

    /** Messages of this type sent so far (dropped ones included). */
    int sentOfType(Class<?> type) {
        return sentByType.getOrDefault(type, 0);
    }

    void cut(String from, String to) {
        cut.add(new Link(from, to));
    }

    void cutBothWays(String a, String b) {
        cut(a, b);
        cut(b, a);
    }

    /** Separates {@code group} from every other node of {@code all}, both ways. */
    void partition(List<String> all, Set<String> group) {
        for (String a : group) {
            for (String b : all) {
                if (!group.contains(b)) {
                    cutBothWays(a, b);
                }
            }
        }
    }

    boolean isCut(String from, String to) {
        return cut.contains(new Link(from, to));
    }

    void heal() {
        cut.clear();
    }

    boolean partitioned() {
        return !cut.isEmpty();
    }

    /** Makes the network reliable (delays stay): no drops, no duplicates, no cut links. */
    void calm() {
        heal();
        dropRate = 0;
        duplicateRate = 0;
        longDelayRate = 0;
    }
}
