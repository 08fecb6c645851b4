package io.gearpump.worker.daemon;

import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.cluster.WorkerProtocol.WorkerCommand;
import io.gearpump.net.client.MasterChannel;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One worker process of a simulated cluster: the real {@link WorkerAgent}, stepped by the
 * simulation's thread, launching executors through the simulation ({@code launcher}) at once.
 */
public final class SimWorker {

    private final Mailbox<WorkerInput> mailbox = new Mailbox<>();
    private final WorkerAgent agent;

    public SimWorker(String address, int slots, long heartbeatMillis, MasterChannel master, ExecutorLauncher launcher) {
        this.agent = new WorkerAgent(master, launcher, mailbox, Runnable::run,
                new WorkerAgent.Settings(address, slots, address.hashCode(), heartbeatMillis, Duration.ofSeconds(10)));
    }

    public int step(long nowMillis) {
        return agent.doWork(nowMillis);
    }

    public boolean hasInput() {
        return !mailbox.isEmpty();
    }

    public int workerId() {
        return agent.workerId();
    }

    public void command(WorkerCommand<?> command, CompletableFuture<Object> reply) {
        mailbox.offer(new WorkerInput.Commanded(command, reply));
    }

    /** The master channel answered over a new connection. */
    public void moved(String master) {
        mailbox.offer(new WorkerInput.Moved(master));
    }
}
