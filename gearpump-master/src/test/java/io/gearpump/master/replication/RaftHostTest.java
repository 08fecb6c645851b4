package io.gearpump.master.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.testing.Poll;
import io.gearpump.master.raft.HardState;
import io.gearpump.master.raft.LogEntry;
import io.gearpump.master.raft.MemoryStorage;
import io.gearpump.master.raft.PersistentState;
import io.gearpump.master.raft.RaftConfig;
import io.gearpump.master.raft.RaftServer;
import io.gearpump.master.raft.RaftStorage;
import io.gearpump.master.raft.Role;
import io.gearpump.master.raft.Snapshot;
import io.gearpump.master.raft.StorageException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The host of one Raft server: once its disk fails, callers learn it at once instead of waiting for a timeout. */
@Timeout(30)
class RaftHostTest {

    /** Memory storage whose sync fails once told to: a disk gone bad. */
    private static final class FailingDisk implements RaftStorage {
        private final MemoryStorage inner = new MemoryStorage("solo");
        volatile boolean broken;

        @Override
        public PersistentState load() {
            return inner.load();
        }

        @Override
        public void saveHardState(HardState state) {
            inner.saveHardState(state);
        }

        @Override
        public void append(List<LogEntry> entries) {
            inner.append(entries);
        }

        @Override
        public void saveSnapshot(Snapshot snapshot, boolean discardLog) {
            inner.saveSnapshot(snapshot, discardLog);
        }

        @Override
        public void compact(long index) {
            inner.compact(index);
        }

        @Override
        public void sync() {
            if (broken) {
                throw new StorageException("fsync failed: input/output error");
            }
            inner.sync();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void afterTheDiskFailsEveryCallFailsAtOnceNamingTheCause() throws Exception {
        FailingDisk disk = new FailingDisk();
        RaftHost host = new RaftHost("raft-solo", 5, h -> RaftServer.start(RaftConfig.of("solo", List.of("solo")), disk,
                new RaftOverNetTest.Journal(), message -> { }, new Random(1)));
        try {
            Poll.until("a lone member to lead", () -> host.status().role(), role -> role == Role.LEADER);
            byte[] ok = "ok;".getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(ok, host.call(() -> host.server().propose(0, 0, ok)).get(5, TimeUnit.SECONDS));

            disk.broken = true;
            CompletableFuture<byte[]> lost = host.call(() -> host.server().propose(0, 0, "lost;".getBytes(StandardCharsets.UTF_8)));
            ExecutionException first = assertThrows(ExecutionException.class, () -> lost.get(5, TimeUnit.SECONDS));
            assertTrue(first.getCause().getMessage().contains("fsync failed"), "the proposal in flight names the cause: " + first);

            Poll.until("the status to say the host stopped (bin/gear cluster shows STOPPED)", host::status, RaftHost.Status::stopped);
            long before = System.nanoTime();
            CompletableFuture<byte[]> after = host.call(() -> host.server().propose(0, 0, ok));
            ExecutionException next = assertThrows(ExecutionException.class, () -> after.get(5, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - before < 1_000_000_000L, "at once, not after a timeout");
            assertEquals("the raft host raft-solo has stopped: fsync failed: input/output error", next.getCause().getMessage());
        } finally {
            host.close();
        }
    }
}
