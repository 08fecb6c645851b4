package io.gearpump.core.runtime;

import io.gearpump.core.api.Counter;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** An application's named counters; any task thread adds, status readers sum. */
final class CounterRegistry {

    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

    Counter counter(String name) {
        LongAdder adder = counters.computeIfAbsent(name, k -> new LongAdder());
        return adder::add;
    }

    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
