package io.gearpump.worker.executor;

import io.gearpump.core.agent.Agent;
import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.ExecutorProtocol.DrainTasks;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorCommand;
import io.gearpump.core.cluster.ExecutorProtocol.GetExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.RegisterExecutor;
import io.gearpump.core.cluster.ExecutorProtocol.StartTasks;
import io.gearpump.core.cluster.ExecutorProtocol.StopTasks;
import io.gearpump.core.cluster.ExecutorProtocol.TriggerCheckpoint;
import io.gearpump.core.cluster.ExecutorProtocol.AbandonCheckpoint;
import io.gearpump.core.cluster.ExecutorProtocol.CompleteCheckpoint;
import io.gearpump.core.cluster.Peer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor that hosts tasks, as a single-writer agent: registers with its AppMaster, then runs
 * the AppMaster's commands one at a time on its tasks ({@link HostedTasks}) until the AppMaster's connection is
 * gone (the first loss ends it: a new AppMaster launches executors of its own). A command for an
 * older attempt than the latest it started is refused: a late one never acts on the tasks of a newer.
 */
final class ExecutorAgent implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorAgent.class);
    private static final Duration REGISTER_WAIT = Duration.ofSeconds(30);

    enum Phase { NEW, REGISTERING, HOSTING, ENDED }

    private final RegisterExecutor registration;
    private final Peer appMaster;
    private final HostedTasks host;
    private final Mailbox<ExecutorInput> mailbox;
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private Phase phase = Phase.NEW; // agent thread only
    private int servedAttempt = -1; // agent thread only: the latest attempt started here

    ExecutorAgent(RegisterExecutor registration, Peer appMaster, HostedTasks host, Mailbox<ExecutorInput> mailbox) {
        this.registration = registration;
        this.appMaster = appMaster;
        this.host = host;
        this.mailbox = mailbox;
    }

    @Override
    public String name() {
        return "executor-" + registration.executorId();
    }

    /** Completes with why the executor ended. */
    CompletableFuture<String> ended() {
        return ended;
    }

    @Override
    public int doWork(long nowMillis) {
        int work = mailbox.drain(this::handle);
        if (phase == Phase.NEW) {
            transition(Phase.REGISTERING, "with the AppMaster");
            appMaster.call(registration, REGISTER_WAIT).whenComplete((done, error) -> mailbox.offer(new ExecutorInput.Resume(() -> {
                if (error == null) {
                    transition(Phase.HOSTING, "registered");
                } else {
                    end("the AppMaster did not take the registration: " + Failures.describe(error));
                }
            })));
            work++;
        } else if (phase != Phase.ENDED && !appMaster.isOpen()) {
            end("the AppMaster is gone (" + appMaster.closeReason() + ")");
            work++;
        }
        return work;
    }

    private void handle(ExecutorInput input) {
        switch (input) {
            case ExecutorInput.Commanded c -> {
                int commanded = attemptOf(c.command());
                if (commanded < servedAttempt) {
                    c.reply().completeExceptionally(new ClusterException(ClusterError.SUPERSEDED, "executor "
                            + registration.executorId() + " serves attempt " + servedAttempt + ", not " + commanded));
                    return;
                }
                if (c.command() instanceof StartTasks) {
                    servedAttempt = commanded;
                }
                try {
                    c.reply().complete(host.handle(c.command()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    c.reply().completeExceptionally(e);
                } catch (RuntimeException e) {
                    c.reply().completeExceptionally(e);
                }
            }
            case ExecutorInput.Resume r -> r.step().run();
        }
    }

    private static int attemptOf(ExecutorCommand<?> command) {
        return switch (command) {
            case StartTasks s -> s.attempt();
            case StopTasks s -> s.attempt();
            case DrainTasks d -> d.attempt();
            case GetExecutorReport g -> g.attempt();
            case TriggerCheckpoint t -> t.attempt();
            case AbandonCheckpoint a -> a.attempt();
            case CompleteCheckpoint c -> c.attempt();
        };
    }

    private void end(String reason) {
        transition(Phase.ENDED, reason);
        ended.complete(reason);
    }

    private void transition(Phase to, String reason) {
        LOG.info("executor {}: {} -> {} ({})", registration.executorId(), phase, to, reason);
        phase = to;
    }
}
