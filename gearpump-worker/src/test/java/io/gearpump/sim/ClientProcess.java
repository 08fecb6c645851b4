package io.gearpump.sim;

import io.gearpump.core.cluster.ClientProtocol.KillApp;
import io.gearpump.core.cluster.ClientProtocol.ListApps;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A user at {@code bin/gear}: submits applications now and then (a submission that fails is sent
 * again with the same submission id, as a retry would), lists them, and kills some; beside that,
 * waits for applications to change state ({@code AwaitApp}, the long-poll {@code bin/gear} and
 * application mains use), one at a time.
 */
final class ClientProcess extends SimProcess {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ClusterSimulation sim;
    private final SimMasterLink link;
    private SubmitApp retrying;
    private boolean busy;
    private boolean awaiting;

    ClientProcess(ClusterSimulation sim) {
        super(sim.world, "client", "client");
        this.sim = sim;
        this.link = new SimMasterLink(sim.world, this, sim.masters, sim.settings.failoverMillis(), moved -> { });
    }

    void act(long now) {
        if (sim.world.random.nextInt(600) != 0) { // about every 3 s
            return;
        }
        if (!awaiting && sim.world.random.nextBoolean()) {
            await();
        }
        if (busy) {
            return;
        }
        busy = true;
        ClientLedger ledger = sim.ledger;
        if (retrying == null && sim.world.random.nextInt(3) == 0) {
            Set<Integer> ackedBefore = ledger.acknowledged();
            link.call(new ListApps(), WAIT).whenComplete((list, error) -> {
                busy = false;
                if (error == null) {
                    ledger.listed(ackedBefore, list.apps(), link.current());
                }
            });
            return;
        }
        if (retrying == null && sim.world.random.nextInt(3) == 0) {
            KillApp kill = ledger.killRequest();
            if (kill != null) {
                link.call(kill, WAIT).whenComplete((summary, error) -> {
                    busy = false;
                    if (error == null) {
                        ledger.killedApp(summary);
                    }
                });
                return;
            }
        }
        SubmitApp s = retrying != null ? retrying : sim.submission(1 + sim.world.random.nextInt(Integer.MAX_VALUE));
        retrying = s;
        link.call(s, WAIT).whenComplete((submitted, error) -> {
            busy = false;
            if (error == null) {
                retrying = null;
                ledger.submitted(submitted);
            }
        });
    }

    private void await() {
        ClientLedger.Await w = sim.ledger.awaitRequest();
        if (w == null) {
            return;
        }
        awaiting = true;
        link.call(w.request(), WAIT).whenComplete((report, error) -> {
            awaiting = false;
            sim.ledger.awaited(w, report, error, link.current());
        });
    }

    @Override
    void deliver(Object request, SimConnection connection, CompletableFuture<Object> reply) {
        reply.completeExceptionally(new IllegalArgumentException("a client serves nothing"));
    }

    @Override
    int step(long now) {
        return 0;
    }

    @Override
    boolean hasInput() {
        return false;
    }
}
