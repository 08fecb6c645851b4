package io.gearpump.net.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread: runs I/O readiness callbacks, tasks handed to it and its timers. It never
 * blocks except in {@code select}, and runs no user code. Other threads talk to it only through
 * {@link #execute} and {@link #schedule}; everything registered with it is confined to its thread.
 */
public final class EventLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    /** What a channel registered with the loop does when it is ready. */
    interface Ready {
        void onReady(SelectionKey key);
    }

    private final String name;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final AtomicBoolean wakeupSent = new AtomicBoolean();
    private final AtomicInteger cancelledTimers = new AtomicInteger(); // cancel() from any thread
    private volatile boolean selecting; // set by the loop around select; read by execute
    private volatile boolean closed;
    private long timerSeq;

    public EventLoop(String name) {
        this.name = name;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for " + name, e);
        }
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /** Runs {@code task} on the loop thread, soon. */
    public void execute(Runnable task) {
        tasks.add(task);
        if (selecting && Thread.currentThread() != thread && wakeupSent.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} on the loop thread after {@code delayMillis}; cancel through the handle. */
    public Timer schedule(long delayMillis, Runnable task) {
        Timer t = new Timer(this, System.nanoTime() + delayMillis * 1_000_000L, task);
        if (inLoop()) {
            add(t);
        } else {
            execute(() -> add(t));
        }
        return t;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    Selector selector() {
        return selector;
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                long timeout = millisToNextTimer();
                selecting = true;
                if (!tasks.isEmpty() || timeout == 0) {
                    selector.selectNow();
                } else {
                    selector.select(timeout == Long.MAX_VALUE ? 0 : timeout);
                }
                selecting = false;
                wakeupSent.set(false);
                handleReadyKeys();
                runTasks();
                runTimers();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: event loop failed", name, e);
        } finally {
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key);
            }
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("{}: closing the selector", name, e);
            }
        }
    }

    private void handleReadyKeys() {
        var ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            try {
                ((Ready) key.attachment()).onReady(key);
            } catch (RuntimeException e) {
                LOG.error("{}: a channel handler failed; closing the channel", name, e);
                closeQuietly(key);
            }
        }
    }

    private void runTasks() {
        Runnable task;
        int budget = 4096; // keep I/O going even if tasks keep coming
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{}: a task failed", name, e);
            }
        }
    }

    private void runTimers() {
        if (cancelledTimers.get() > 1024 && cancelledTimers.get() > timers.size() / 2) {
            timers.removeIf(t -> t.cancelled); // e.g. request timeouts cancelled by their answers
            cancelledTimers.set(0);
        }
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && (t.cancelled || t.deadline - now <= 0)) {
            timers.poll();
            if (!t.cancelled) {
                try {
                    t.task.run();
                } catch (RuntimeException e) {
                    LOG.error("{}: a timer failed", name, e);
                }
            }
        }
    }

    private long millisToNextTimer() {
        Timer t = timers.peek();
        if (t == null) {
            return Long.MAX_VALUE;
        }
        long nanos = t.deadline - System.nanoTime();
        return nanos <= 0 ? 0 : Math.max(1, nanos / 1_000_000L);
    }

    private void add(Timer t) {
        t.seq = timerSeq++;
        timers.add(t);
    }

    private void closeQuietly(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            LOG.debug("{}: closing a channel", name, e);
        }
        if (key.attachment() instanceof Connection c) {
            c.closed("event loop closed");
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** A task scheduled on the loop. */
    public static final class Timer implements Comparable<Timer> {
        private final EventLoop owner;
        private final long deadline;
        private final Runnable task;
        private long seq;
        private volatile boolean cancelled;

        private Timer(EventLoop owner, long deadline, Runnable task) {
            this.owner = owner;
            this.deadline = deadline;
            this.task = task;
        }

        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                owner.cancelledTimers.incrementAndGet();
            }
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
