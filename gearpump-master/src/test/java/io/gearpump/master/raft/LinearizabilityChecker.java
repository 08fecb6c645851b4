package io.gearpump.master.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a history of operations on one object is linearizable: whether each operation
 * can be given a point between its call and its return such that, in that order, a sequential
 * {@link Model} produces every observed output. The search is Wing and Gong's (try the calls that
 * are minimal in real-time order, backtrack on failure) with Lowe's memoization of (set of
 * linearized operations, state) pairs already explored, as in Porcupine.
 *
 * <p>An operation that never returned has return time {@link Long#MAX_VALUE} and output null: it
 * may take effect at any point after its call (the model decides what a null output allows).
 */
final class LinearizabilityChecker {

    /** A sequential specification. States must have equals and hashCode. */
    interface Model<S> {
        S initial();

        /** The state after {@code input} gave {@code output} in {@code state}, or null if it could not have. */
        S step(S state, Object input, Object output);
    }

    /** One operation: called at {@code call}, returned at {@code ret} (all times distinct except MAX_VALUE). */
    record Operation(long call, long ret, Object input, Object output) {
    }

    private static final class Event {
        final int op;
        final boolean call;
        final long time;
        Event match;
        Event prev;
        Event next;

        Event(int op, boolean call, long time) {
            this.op = op;
            this.call = call;
            this.time = time;
        }
    }

    private record Explored(BitSet linearized, Object state) {
    }

    private record Frame(Event call, Object state) {
    }

    private final long maxSteps;

    LinearizabilityChecker(long maxSteps) {
        this.maxSteps = maxSteps;
    }

    <S> boolean check(Model<S> model, List<Operation> history) {
        Event head = build(history);
        Object state = model.initial();
        BitSet linearized = new BitSet(history.size());
        Set<Explored> explored = new HashSet<>();
        Deque<Frame> stack = new ArrayDeque<>();
        Event entry = head.next;
        long steps = 0;
        while (head.next != null) {
            if (++steps > maxSteps) {
                throw new IllegalStateException("gave up after " + maxSteps + " steps on a history of "
                        + history.size() + " operations");
            }
            if (entry.call) {
                Operation op = history.get(entry.op);
                @SuppressWarnings("unchecked")
                Object next = model.step((S) state, op.input(), op.output());
                if (next != null) {
                    BitSet with = (BitSet) linearized.clone();
                    with.set(entry.op);
                    if (explored.add(new Explored(with, next))) {
                        stack.push(new Frame(entry, state));
                        state = next;
                        linearized.set(entry.op);
                        lift(entry);
                        entry = head.next;
                        continue;
                    }
                }
                entry = entry.next;
            } else {
                // a return reached before its call could be linearized: undo the last choice
                if (stack.isEmpty()) {
                    return false;
                }
                Frame f = stack.pop();
                state = f.state();
                linearized.clear(f.call().op);
                unlift(f.call());
                entry = f.call().next;
            }
        }
        return true;
    }

    private static Event build(List<Operation> history) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Operation op = history.get(i);
            if (op.ret() < op.call()) {
                throw new IllegalArgumentException("operation returns before its call: " + op);
            }
            Event call = new Event(i, true, op.call());
            Event ret = new Event(i, false, op.ret());
            call.match = ret;
            events.add(call);
            events.add(ret);
        }
        // by time; at equal times (only MAX_VALUE) calls first, then by operation for determinism
        events.sort(Comparator.comparingLong((Event e) -> e.time).thenComparing(e -> !e.call)
                .thenComparingInt(e -> e.op));
        Event head = new Event(-1, false, Long.MIN_VALUE);
        Event last = head;
        for (Event e : events) {
            last.next = e;
            e.prev = last;
            last = e;
        }
        return head;
    }

    private static void lift(Event call) {
        call.prev.next = call.next;
        call.next.prev = call.prev;
        Event ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    private static void unlift(Event call) {
        Event ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        call.next.prev = call;
    }
}
