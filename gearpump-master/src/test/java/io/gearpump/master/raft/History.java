package io.gearpump.master.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What clients saw: each operation's call and return on one logical clock (every call and return
 * gets the next tick, so real-time order is exact), its input and its output. Confined to the
 * simulation's thread.
 */
final class History {

    static final class Op {
        final String client;
        final String key;
        final Object input;
        final long call;
        long ret = Long.MAX_VALUE;
        Object output;

        Op(String client, String key, Object input, long call) {
            this.client = client;
            this.key = key;
            this.input = input;
            this.call = call;
        }

        boolean returned() {
            return ret != Long.MAX_VALUE;
        }

        @Override
        public String toString() {
            return client + " " + key + " " + input + " -> " + output + " [" + call + ", "
                    + (returned() ? Long.toString(ret) : "never") + "]";
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private long clock;

    Op call(String client, String key, Object input) {
        Op op = new Op(client, key, input, ++clock);
        ops.add(op);
        return op;
    }

    void returned(Op op, Object output) {
        op.output = output;
        op.ret = ++clock;
    }

    int size() {
        return ops.size();
    }

    long completed() {
        return ops.stream().filter(Op::returned).count();
    }

    /**
     * Per key, the operations to check: those that returned, and writes that never did (they may
     * or may not have taken effect). Reads that never returned say nothing and are left out.
     */
    Map<String, List<Op>> byKey() {
        Map<String, List<Op>> out = new TreeMap<>();
        for (Op op : ops) {
            if (op.returned() || !(op.input instanceof RegisterModel.Get)) {
                out.computeIfAbsent(op.key, k -> new ArrayList<>()).add(op);
            }
        }
        return out;
    }

    static List<LinearizabilityChecker.Operation> operations(List<Op> ops) {
        return ops.stream().map(o -> new LinearizabilityChecker.Operation(o.call, o.ret, o.input, o.output)).toList();
    }
}
