package io.gearpump.worker.executor;

import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.cluster.AppMasterProtocol.AppMasterCommand;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorCommand;
import io.gearpump.core.cluster.ExecutorProtocol.RegisterExecutor;
import io.gearpump.core.cluster.Peer;
import io.gearpump.net.client.MasterChannel;

import java.util.concurrent.CompletableFuture;

/** An AppMaster or an executor process of a simulated cluster: the real agents, stepped by the simulation's thread. */
public final class SimAppMaster {

    private final Mailbox<AppMasterInput> mailbox = new Mailbox<>();
    private final AppMaster agent;

    public SimAppMaster(Application app, MasterChannel master, int appId, int epoch, int executors, int maxRestarts,
                        String address, long startClockMillis) {
        this.agent = new AppMaster(app, master, mailbox, new AppMaster.Settings(appId, epoch, executors, maxRestarts, address,
                startClockMillis, 250, 15_000, 30_000));
    }

    public int step(long nowMillis) {
        return agent.doWork(nowMillis);
    }

    public boolean hasInput() {
        return !mailbox.isEmpty();
    }

    /** Whether the AppMaster has ended (the process then exits). */
    public boolean ended() {
        return agent.ended().isDone();
    }

    public AppState outcome() {
        return agent.ended().getNow(null);
    }

    public void executorJoined(RegisterExecutor registration, Peer peer) {
        mailbox.offer(new AppMasterInput.ExecutorJoined(registration, peer));
    }

    public void command(AppMasterCommand<?> command, CompletableFuture<Object> reply) {
        mailbox.offer(new AppMasterInput.Commanded(command, reply));
    }

    /** An executor process: the real {@link ExecutorAgent} over the simulation's {@code tasks}. */
    public static final class Executor {
        private final Mailbox<ExecutorInput> mailbox = new Mailbox<>();
        private final ExecutorAgent agent;

        public Executor(RegisterExecutor registration, Peer appMaster, Tasks tasks) {
            this.agent = new ExecutorAgent(registration, appMaster, tasks::handle, mailbox);
        }

        public int step(long nowMillis) {
            return agent.doWork(nowMillis);
        }

        public boolean hasInput() {
            return !mailbox.isEmpty();
        }

        public boolean ended() {
            return agent.ended().isDone();
        }

        public void command(ExecutorCommand<?> command, CompletableFuture<Object> reply) {
            mailbox.offer(new ExecutorInput.Commanded(command, reply));
        }
    }

    /** The tasks a simulated executor hosts. */
    public interface Tasks {
        Object handle(ExecutorCommand<?> command);
    }
}
