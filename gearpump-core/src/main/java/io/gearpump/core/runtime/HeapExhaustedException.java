package io.gearpump.core.runtime;

/** The engine stopped an application because the JVM's heap was nearly full after a garbage collection. */
public final class HeapExhaustedException extends RuntimeException {

    public HeapExhaustedException(String message) {
        super(message);
    }
}
