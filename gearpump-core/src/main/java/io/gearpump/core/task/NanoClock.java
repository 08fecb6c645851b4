package io.gearpump.core.task;

/** Monotonic time in nanoseconds; injected so tests can control it. */
@FunctionalInterface
public interface NanoClock {

    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
