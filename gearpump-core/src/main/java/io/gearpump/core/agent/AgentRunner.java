package io.gearpump.core.agent;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one agent on a thread of its own: steps it whenever its mailbox gets an input, and at least
 * every {@code tick} (for its timers), reading the clock once per step. An agent that throws is
 * logged and stepped on: one bad input must not stop a daemon.
 */
public final class AgentRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);

    private final Agent agent;
    private final InstantSource clock;
    private final long tickNanos;
    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean closed;

    private AgentRunner(Agent agent, Mailbox<?> mailbox, InstantSource clock, Duration tick) {
        this.agent = agent;
        this.clock = clock;
        this.tickNanos = tick.toNanos();
        this.thread = Thread.ofPlatform().daemon().name(agent.name()).unstarted(this::run);
        mailbox.onOffer(() -> LockSupport.unpark(thread));
    }

    /** Starts stepping {@code agent}, woken by {@code mailbox}. */
    public static AgentRunner start(Agent agent, Mailbox<?> mailbox, InstantSource clock, Duration tick) {
        AgentRunner runner = new AgentRunner(agent, mailbox, clock, tick);
        runner.thread.start();
        return runner;
    }

    private void run() {
        try {
            while (!closed) {
                int work;
                try {
                    work = agent.doWork(clock.millis());
                } catch (RuntimeException e) {
                    LOG.error("{}: a step failed; going on", agent.name(), e);
                    work = 0;
                }
                if (work == 0 && !closed) {
                    LockSupport.parkNanos(this, tickNanos);
                }
            }
            agent.onClose();
        } catch (RuntimeException e) {
            LOG.error("{}: closing failed", agent.name(), e);
        } catch (Error e) { // the agent is gone: say so where an operator looks, then let the thread die
            LOG.error("{}: stopped by {}", agent.name(), e.toString(), e);
            throw e;
        } finally {
            ended.countDown();
        }
    }

    /** Stops stepping and runs the agent's last step; waits (bounded) for that. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            try {
                ended.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
