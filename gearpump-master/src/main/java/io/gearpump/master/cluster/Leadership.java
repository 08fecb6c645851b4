package io.gearpump.master.cluster;

import io.gearpump.master.raft.Role;
import io.gearpump.master.replication.RaftHost;
import io.gearpump.net.rpc.RedirectException;
import io.gearpump.net.rpc.RpcEndpoint;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this master serves as the leader, watched on the master's timer: it starts serving in a
 * term once everything committed before is applied here (a ReadIndex barrier) and with empty soft
 * state; it stops the moment Raft says it no longer leads, dropping the soft state and closing the
 * workers' and AppMasters' connections so they look for the new leader at once.
 */
final class Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final MasterReplica replica;
    private final ReentrantLock lock;
    private final SoftState soft;
    private final Clock clock;
    private final Executor timer;
    /** The term this master serves as leader in (after its barrier), or -1. */
    private volatile long servingTerm = -1;
    private long servingSinceMillis; // under lock
    private int lastAppIdBeforeServing; // under lock
    private boolean becoming; // timer thread only

    Leadership(MasterReplica replica, ReentrantLock lock, SoftState soft, Clock clock, Executor timer) {
        this.replica = replica;
        this.lock = lock;
        this.soft = soft;
        this.clock = clock;
        this.timer = timer;
    }

    boolean serving() {
        return servingTerm >= 0;
    }

    /** The term this master serves in, or -1: work begun in one term is dropped in another. */
    long term() {
        return servingTerm;
    }

    /** Fails with a redirect (to the leader, if known) unless this master serves. */
    void require() {
        if (servingTerm < 0) {
            throw new RedirectException(replica.leaderHint(), "master " + replica.self() + " is not the leader");
        }
    }

    /** Under lock: since when this master serves (meaningless while it does not). */
    long servingSinceMillis() {
        return servingSinceMillis;
    }

    /** Under lock: applications up to this id were submitted before this master served; launchOrphans looks after them. */
    int lastAppIdBeforeServing() {
        return lastAppIdBeforeServing;
    }

    /** Notices this master becoming or ceasing to be the leader (timer thread). */
    void watch() {
        try {
            RaftHost.Status s = replica.status();
            boolean leads = s.role() == Role.LEADER && !s.stopped();
            if (leads && servingTerm != s.term() && !becoming) {
                becoming = true;
                long term = s.term();
                Thread.ofVirtual().name("master-becomes-leader").start(() -> becomeLeader(term));
            } else if (!leads && servingTerm >= 0) {
                stepDown(s);
            }
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            LOG.error("watching the Raft role failed", e);
        }
    }

    private void becomeLeader(long term) {
        try {
            replica.barrier();
            int apps;
            lock.lock();
            try {
                RaftHost.Status now = replica.status();
                if (now.role() != Role.LEADER || now.term() != term) {
                    return; // lost it during the barrier
                }
                soft.clear();
                servingSinceMillis = clock.millis();
                lastAppIdBeforeServing = replica.state().lastAppId();
                apps = replica.state().apps().size();
                servingTerm = term;
            } finally {
                lock.unlock();
            }
            LOG.info("master {} leads (term {}); {} applications", replica.self(), term, apps);
        } catch (RuntimeException e) {
            LOG.info("master {} won term {} but lost it before serving: {}", replica.self(), term, e.getMessage());
        } finally {
            try {
                timer.execute(() -> becoming = false);
            } catch (RejectedExecutionException closed) {
                // the master is closing
            }
        }
    }

    private void stepDown(RaftHost.Status s) {
        servingTerm = -1;
        List<RpcEndpoint> peers;
        lock.lock();
        try {
            peers = soft.clear();
        } finally {
            lock.unlock();
        }
        LOG.warn("master {} no longer leads ({} in term {}, leader {})", replica.self(), s.role(), s.term(),
                s.leader().isEmpty() ? "unknown" : s.leader());
        peers.forEach(e -> e.close("master " + replica.self() + " no longer leads")); // they find the new leader at once
    }
}
