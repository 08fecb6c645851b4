package io.gearpump.net.rpc;

import io.gearpump.net.loop.EventLoop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The requests of one endpoint that await an answer, by correlation id. Each call ends exactly once
 * (answer, error, timeout or lost connection, whichever comes first); its future is completed on
 * the {@code callbacks} executor, never on the thread that ended it, so code chained on a request's
 * future never runs on an event loop.
 *
 * <p>Threads: any thread registers; the event loop ends calls. {@code lock} orders registering
 * against {@link #closeAll}, so a call is either refused or failed by the close, never left behind.
 */
final class PendingCalls {

    /** One request in flight. */
    static final class Call {
        final long id;
        final String requestType;
        final Duration timeout;
        final CompletableFuture<Object> result = new CompletableFuture<>();
        volatile EventLoop.Timer timer; // set by the registering thread, after registering

        Call(long id, String requestType, Duration timeout) {
            this.id = id;
            this.requestType = requestType;
            this.timeout = timeout;
        }
    }

    private final ConcurrentHashMap<Long, Call> calls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Executor callbacks;
    private Function<Call, RuntimeException> closedError; // guarded by lock

    PendingCalls(Executor callbacks) {
        this.callbacks = callbacks;
    }

    Call newCall(String requestType, Duration timeout) {
        return new Call(ids.incrementAndGet(), requestType, timeout);
    }

    /** Adds {@code call}; returns the error it fails with instead when the calls were closed. */
    RuntimeException register(Call call) {
        lock.lock();
        try {
            if (closedError != null) {
                return closedError.apply(call);
            }
            calls.put(call.id, call);
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Answers call {@code id}; false when it already ended (e.g. timed out) or never was. */
    boolean complete(long id, Object value) {
        Call call = end(id);
        if (call == null) {
            return false;
        }
        callbacks.execute(() -> call.result.complete(value));
        return true;
    }

    /** Fails call {@code id} with {@code error.apply(call)}; false when it already ended. */
    boolean fail(long id, Function<Call, RuntimeException> error) {
        Call call = end(id);
        if (call == null) {
            return false;
        }
        failLater(call, error.apply(call));
        return true;
    }

    /** Fails every call with {@code error}, and refuses new ones with it from now on. */
    void closeAll(Function<Call, RuntimeException> error) {
        List<Call> ended = new ArrayList<>();
        lock.lock();
        try {
            closedError = error;
            for (Long id : calls.keySet()) {
                Call call = end(id);
                if (call != null) {
                    ended.add(call);
                }
            }
        } finally {
            lock.unlock();
        }
        for (Call call : ended) {
            failLater(call, error.apply(call));
        }
    }

    int size() {
        return calls.size();
    }

    private Call end(long id) {
        Call call = calls.remove(id);
        if (call != null) {
            EventLoop.Timer t = call.timer;
            if (t != null) {
                t.cancel();
            }
        }
        return call;
    }

    private void failLater(Call call, RuntimeException error) {
        callbacks.execute(() -> call.result.completeExceptionally(error));
    }
}
