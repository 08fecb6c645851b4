package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.serialization.WireRegistry;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;

import org.junit.jupiter.api.Test;

import java.util.List;

class RaftWireTypesTest {

    private final WireCodec codec = new WireCodec(WireRegistry.builder().register(RaftWireTypes.ENTRIES).build(), 1 << 20);

    @Test
    void everyMessageCrossesTheWireUnchanged() {
        List<RaftMessage> all = List.of(
                new RaftMessage.PreVote("a", "b", 3, 10, 2),
                new RaftMessage.PreVoteReply("b", "a", 3, true),
                new RaftMessage.RequestVote("a", "b", 3, 10, 2),
                new RaftMessage.RequestVoteReply("b", "a", 3, false),
                new RaftMessage.AppendEntries("a", "b", 3, 9, 2, List.of(LogEntry.noOp(10, 3),
                        LogEntry.command(11, 3, 42, 7, new byte[] {1, 2, 3})), 9),
                new RaftMessage.AppendEntries("a", "b", 3, 11, 3, List.of(), 11),
                new RaftMessage.AppendEntriesReply("b", "a", 3, false, 11, 4),
                new RaftMessage.Heartbeat("a", "b", 3, 11, 5),
                new RaftMessage.HeartbeatReply("b", "a", 3, 5),
                new RaftMessage.InstallSnapshot("a", "b", 3, 100, 2, 4096, new byte[] {9, 8}, true),
                new RaftMessage.InstallSnapshotReply("b", "a", 3, 100, 4098, true));
        for (RaftMessage m : all) {
            assertEquals(m, codec.decode(codec.encode(m)), m.getClass().getSimpleName());
        }
    }

    @Test
    void aHostileEntryCountIsRefusedBeforeAllocating() {
        Output out = codec.output();
        out.writeVarInt(244 + 2, true); // Kryo writes registration id + 2
        out.writeString("a");
        out.writeString("b");
        out.writeVarLong(1, true);
        out.writeVarLong(0, true);
        out.writeVarLong(0, true);
        out.writeVarLong(0, true);
        out.writeVarInt(Integer.MAX_VALUE, true); // entries claimed
        byte[] frame = out.toBytes();
        KryoException e = assertThrows(KryoException.class, () -> codec.decode(frame));
        assertEquals(true, e.getMessage().contains("claimed"), e.getMessage());
    }
}
