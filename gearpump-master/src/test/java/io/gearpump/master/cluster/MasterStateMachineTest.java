package io.gearpump.master.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;

/** The master's state as Raft will replicate it: commands and snapshots in bytes, the same everywhere. */
class MasterStateMachineTest {

    private static final byte[] JAR = {'P', 'K', 3, 4, 9, 9};

    @Test
    void twoReplicasApplyingTheSameCommandBytesHoldTheSameApplications() {
        MasterStateMachine a = new MasterStateMachine(new ReentrantLock());
        MasterStateMachine b = new MasterStateMachine(new ReentrantLock());
        byte[][] log = {
            MasterStateMachine.encode(new MasterCommand.AddApp("wordcount", "ann", "x.jar", JAR, new byte[] {1}, 2, 1000)),
            MasterStateMachine.encode(new MasterCommand.AddApp("sol", "bob", "y.jar", JAR, new byte[] {2}, 1, 2000)),
            MasterStateMachine.encode(new MasterCommand.SetAppState(1, "FAILED", "task 1.0 (sum) failed: boom\n\tat x"))};
        for (byte[] command : log) {
            assertArrayEquals(a.apply(command), b.apply(command));
        }

        assertEquals(3, ByteBuffer.wrap(a.apply(MasterStateMachine.encode(
                new MasterCommand.AddApp("third", "c", "z.jar", JAR, new byte[0], 1, 3000)))).getInt(), "ids go on");
        b.apply(MasterStateMachine.encode(new MasterCommand.AddApp("third", "c", "z.jar", JAR, new byte[0], 1, 3000)));
        assertArrayEquals(a.snapshot(), b.snapshot());
        assertEquals("FAILED", a.state().app(1).state());
        assertEquals("task 1.0 (sum) failed: boom\n\tat x", a.state().app(1).failure());
        assertArrayEquals(JAR, a.state().app(2).jar(), "the jar is part of the replicated state");
    }

    @Test
    void aSnapshotRestoresEverythingIncludingTheIdCounter() {
        MasterStateMachine a = new MasterStateMachine(new ReentrantLock());
        a.apply(MasterStateMachine.encode(new MasterCommand.AddApp("wordcount", "ann", "x.jar", JAR, new byte[] {1}, 2, 1000)));
        MasterStateMachine restored = new MasterStateMachine(new ReentrantLock());

        restored.restore(a.snapshot());

        assertArrayEquals(a.snapshot(), restored.snapshot());
        assertNull(restored.state().app(1).failure());
        assertEquals(2, ByteBuffer.wrap(restored.apply(MasterStateMachine.encode(
                new MasterCommand.AddApp("next", "d", "n.jar", JAR, new byte[0], 1, 5)))).getInt(), "the next id is 2, not 1");
    }

    @Test
    void bytesThatAreNotACommandAreRefusedWithTheReason() {
        MasterStateMachine a = new MasterStateMachine(new ReentrantLock());
        var e = assertThrows(IllegalArgumentException.class, () -> a.apply(new byte[] {1, 42}));
        assertEquals("unknown master command tag 42", e.getMessage());
        assertThrows(RuntimeException.class, () -> a.apply(new byte[] {1, 1, 0x7f, 0x7f, 0x7f, 0x7f}), "a length past the end");
    }
}
