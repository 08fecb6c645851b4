package io.gearpump.worker.daemon;

import io.gearpump.core.agent.Agent;
import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorLaunched;
import io.gearpump.core.cluster.WorkerProtocol.FetchJar;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;
import io.gearpump.core.cluster.WorkerProtocol.RegisterWorker;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutor;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutors;
import io.gearpump.core.cluster.WorkerProtocol.WorkerCommand;
import io.gearpump.core.cluster.WorkerProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.WorkerProtocol.WorkerRegistered;
import io.gearpump.net.client.MasterChannel;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker as a single-writer agent: registers with the leading master, heartbeats, and has
 * executors launched and stopped when the master says so. The master knows a worker by the
 * connection it registered on, so the worker registers again whenever answers come over a new
 * connection (a failover, a reconnection) or a heartbeat is answered "unknown", each time asking to
 * keep its id. Its executors run on through all that: only a new id (the master gave up on the old
 * one, and may have moved its applications elsewhere) stops them, and a launch addressed to the old
 * id is not carried out.
 *
 * <p>The agent's state is its registration (an enum with one logging transition), its id and its
 * timers; launching and stopping executors block (processes start and stop), so they run on
 * {@code launches}, never on the agent's thread, whose heartbeats must not wait for them.
 */
final class WorkerAgent implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerAgent.class);
    private static final Duration FETCH_WAIT = Duration.ofSeconds(30);
    private static final int MAX_BACKOFF_SHIFT = 3; // 1, 2, 4, then 8 heartbeat intervals between tries

    enum Registration { UNREGISTERED, REGISTERING, REGISTERED }

    /** What the worker says of itself, and its timings. */
    record Settings(String address, int slots, long pid, long heartbeatMillis, Duration requestTimeout) {
    }

    private final MasterChannel master;
    private final ExecutorLauncher launcher;
    private final Mailbox<WorkerInput> mailbox;
    private final Executor launches;
    private final Executor onAgent;
    private final Settings settings;
    private volatile int workerId = -1; // written by the agent, read by anyone
    private final CompletableFuture<Integer> firstRegistration = new CompletableFuture<>(); // completed by the agent
    // agent thread only:
    private Registration registration = Registration.UNREGISTERED;
    private int moves;
    private int registeredAtMove = -1;
    private boolean heartbeatInFlight;
    private long nextTryMillis;
    private int failuresInARow; // the next try after a failure waits longer the more came before it
    private long now;

    WorkerAgent(MasterChannel master, ExecutorLauncher launcher, Mailbox<WorkerInput> mailbox, Executor launches,
                Settings settings) {
        this.master = master;
        this.launcher = launcher;
        this.mailbox = mailbox;
        this.launches = launches;
        this.onAgent = step -> mailbox.offer(new WorkerInput.Resume(step));
        this.settings = settings;
    }

    @Override
    public String name() {
        return "worker-agent";
    }

    /** The id the leading master knows this worker by, -1 before the first registration. */
    int workerId() {
        return workerId;
    }

    /** Completes with the worker's id when a master first registers it. */
    CompletableFuture<Integer> registered() {
        return firstRegistration.copy(); // callers cannot complete the agent's own
    }

    @Override
    public int doWork(long nowMillis) {
        now = nowMillis;
        int work = mailbox.drain(this::handle);
        if (now < nextTryMillis) {
            return work;
        }
        switch (registration) {
            case UNREGISTERED -> {
                register();
                work++;
            }
            case REGISTERED -> {
                if (!heartbeatInFlight) {
                    heartbeat();
                    work++;
                }
            }
            case REGISTERING -> {
                // its answer comes as an input
            }
        }
        return work;
    }

    private void handle(WorkerInput input) {
        switch (input) {
            case WorkerInput.Commanded c -> answer(c.command()).whenComplete((value, error) -> {
                if (error == null) {
                    c.reply().complete(value);
                } else {
                    c.reply().completeExceptionally(error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error);
                }
            });
            case WorkerInput.Moved m -> {
                moves++;
                if (registration == Registration.REGISTERED) {
                    transition(Registration.UNREGISTERED, "the masters answer from " + m.master() + " now");
                    nextTryMillis = now; // register on the new connection now, not at the next heartbeat
                }
            }
            case WorkerInput.Resume r -> r.step().run();
        }
    }

    /** What the master asks of a worker: one exhaustive switch; all block, so all run on {@code launches}. */
    private CompletableFuture<?> answer(WorkerCommand<?> command) {
        return switch (command) {
            case LaunchExecutor l -> master.call(new FetchJar(l.appId()), FETCH_WAIT).thenApplyAsync(bundle -> {
                try {
                    return launchFor(l, bundle);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, launches);
            case StopExecutors s -> CompletableFuture.runAsync(() -> launcher.stop(s.appId()), launches).thenApply(stopped -> Done.DONE);
            case StopExecutor s -> CompletableFuture.runAsync(() -> launcher.stopExecutor(s.appId(), s.executorId()), launches)
                    .thenApply(stopped -> Done.DONE);
        };
    }

    /**
     * Launches for the registration the master addressed ({@code l.workerId()}). If this worker has been
     * registered under another id meanwhile, the masters retired that one and it stopped its executors:
     * this one is not launched, or stopped again. (The new id is set before that stop is scheduled, and
     * checked here after the launch, so either the stop or this check catches an executor launched late.)
     */
    private ExecutorLaunched launchFor(LaunchExecutor l, AppBundle bundle) throws Exception {
        if (l.workerId() != workerId) {
            throw retired(l);
        }
        long pid = launcher.launch(l, bundle);
        if (l.workerId() != workerId) {
            launcher.stopExecutor(l.appId(), l.executorId());
            throw retired(l);
        }
        return new ExecutorLaunched(pid);
    }

    private ClusterException retired(LaunchExecutor l) {
        return new ClusterException(ClusterError.SUPERSEDED, "executor " + l.executorId() + " of application " + l.appId()
                + " was to run on worker " + l.workerId() + ", which the masters retired: this is worker " + workerId + " now");
    }

    private void register() {
        int atMove = moves;
        int previous = workerId;
        transition(Registration.REGISTERING, previous < 0 ? "first registration" : "asking to keep id " + previous);
        master.call(new RegisterWorker(settings.address(), settings.slots(), settings.pid(), previous), settings.requestTimeout())
                .whenCompleteAsync((registered, error) -> registered(registered, error, previous, atMove), onAgent);
    }

    private void registered(WorkerRegistered r, Throwable error, int previous, int atMove) {
        if (error != null) {
            failed("registration", error);
            return;
        }
        workerId = r.workerId(); // before the stop below: a launch for the old id that ends after it sees the new one
        if (previous >= 0 && r.workerId() != previous) {
            // the master gave up on our old id and may have run its applications elsewhere: ours would be duplicates
            LOG.warn("the master {} gave this worker the new id {} (it was {}); stopping the executors started before",
                    master.current(), r.workerId(), previous);
            launches.execute(launcher::close);
        }
        registeredAtMove = atMove;
        transition(Registration.REGISTERED, "worker " + r.workerId() + " at " + master.current());
        firstRegistration.complete(workerId);
        if (moves != registeredAtMove) { // the link moved while we registered: the new master does not know us
            transition(Registration.UNREGISTERED, "the link moved during the registration");
        }
        failuresInARow = 0;
        nextTryMillis = registration == Registration.REGISTERED ? now + settings.heartbeatMillis() : now;
    }

    private void heartbeat() {
        heartbeatInFlight = true;
        nextTryMillis = now + settings.heartbeatMillis();
        master.call(new WorkerHeartbeat(workerId, launcher.executors()), settings.requestTimeout())
                .whenCompleteAsync((ack, error) -> {
                    heartbeatInFlight = false;
                    if (error != null) {
                        failed("heartbeat", error);
                        return;
                    }
                    failuresInARow = 0;
                    if (!ack.known() && registration == Registration.REGISTERED) { // e.g. a new leader that has not seen us yet
                        transition(Registration.UNREGISTERED, "the master " + master.current() + " does not know worker " + workerId);
                        nextTryMillis = now;
                    }
                }, onAgent);
    }

    /**
     * Tries again a heartbeat interval later, twice that after a second failure in a row, and so on up
     * to 8 intervals; one line per failure, so a long outage logs once a try.
     */
    private void failed(String what, Throwable error) {
        failuresInARow++;
        long wait = settings.heartbeatMillis() << Math.min(failuresInARow - 1, MAX_BACKOFF_SHIFT);
        LOG.warn("{} to the masters failed: {}; trying again in {} ms", what, rootMessage(error), wait);
        if (registration == Registration.REGISTERING) {
            transition(Registration.UNREGISTERED, what + " failed");
        }
        nextTryMillis = now + wait;
    }

    private void transition(Registration to, String reason) {
        LOG.info("worker {}: {} -> {} ({})", workerId, registration, to, reason);
        registration = to;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
