package io.gearpump.master.raft;

import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.master.raft.RaftMessage.AppendEntries;
import io.gearpump.master.raft.RaftMessage.AppendEntriesReply;
import io.gearpump.master.raft.RaftMessage.Heartbeat;
import io.gearpump.master.raft.RaftMessage.HeartbeatReply;
import io.gearpump.master.raft.RaftMessage.InstallSnapshot;
import io.gearpump.master.raft.RaftMessage.InstallSnapshotReply;
import io.gearpump.master.raft.RaftMessage.PreVote;
import io.gearpump.master.raft.RaftMessage.PreVoteReply;
import io.gearpump.master.raft.RaftMessage.RequestVote;
import io.gearpump.master.raft.RaftMessage.RequestVoteReply;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.util.ArrayList;
import java.util.List;

/**
 * Raft's wire ids: 240-259 of master's 200-299 (240-249 used, 250-259 free for Raft). Append only: a
 * released id never changes meaning. Register with
 * {@code WireRegistry.builder().register(RaftWireTypes.ENTRIES)} on every JVM that carries Raft traffic.
 *
 * <p>Each message has an explicit layout (not the records' field names): {@code from, to} as strings,
 * {@code term} as a varlong, then its own fields in declaration order; log entries inside
 * AppendEntries are {@code varlong index, varlong term, byte kind, varlong clientId, varlong sequence,
 * varint length, bytes}. Every claimed count or length is checked against the bytes left in the
 * frame before anything is allocated for it.
 */
public final class RaftWireTypes {

    public static final List<WireRegistry.Entry> ENTRIES = List.of(
            new WireRegistry.Entry(240, PreVote.class, MessageSerializer.class),
            new WireRegistry.Entry(241, PreVoteReply.class, MessageSerializer.class),
            new WireRegistry.Entry(242, RequestVote.class, MessageSerializer.class),
            new WireRegistry.Entry(243, RequestVoteReply.class, MessageSerializer.class),
            new WireRegistry.Entry(244, AppendEntries.class, MessageSerializer.class),
            new WireRegistry.Entry(245, AppendEntriesReply.class, MessageSerializer.class),
            new WireRegistry.Entry(246, Heartbeat.class, MessageSerializer.class),
            new WireRegistry.Entry(247, HeartbeatReply.class, MessageSerializer.class),
            new WireRegistry.Entry(248, InstallSnapshot.class, MessageSerializer.class),
            new WireRegistry.Entry(249, InstallSnapshotReply.class, MessageSerializer.class));

    private RaftWireTypes() {
    }

    /** Writes and reads every {@link RaftMessage}. */
    public static final class MessageSerializer extends Serializer<RaftMessage> {

        public MessageSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output out, RaftMessage m) {
            out.writeString(m.from());
            out.writeString(m.to());
            out.writeVarLong(m.term(), true);
            switch (m) {
                case PreVote p -> {
                    out.writeVarLong(p.lastIndex(), true);
                    out.writeVarLong(p.lastTerm(), true);
                }
                case PreVoteReply r -> out.writeBoolean(r.granted());
                case RequestVote v -> {
                    out.writeVarLong(v.lastIndex(), true);
                    out.writeVarLong(v.lastTerm(), true);
                }
                case RequestVoteReply r -> out.writeBoolean(r.granted());
                case AppendEntries a -> {
                    out.writeVarLong(a.prevIndex(), true);
                    out.writeVarLong(a.prevTerm(), true);
                    out.writeVarLong(a.commit(), true);
                    out.writeVarInt(a.entries().size(), true);
                    for (LogEntry e : a.entries()) {
                        out.writeVarLong(e.index(), true);
                        out.writeVarLong(e.term(), true);
                        out.writeByte(e.kind().ordinal());
                        out.writeVarLong(e.clientId(), true);
                        out.writeVarLong(e.sequence(), true);
                        writeBytes(out, e.command());
                    }
                }
                case AppendEntriesReply r -> {
                    out.writeBoolean(r.success());
                    out.writeVarLong(r.index(), true);
                    out.writeVarLong(r.hint(), true);
                }
                case Heartbeat h -> {
                    out.writeVarLong(h.commit(), true);
                    out.writeVarLong(h.round(), true);
                }
                case HeartbeatReply r -> out.writeVarLong(r.round(), true);
                case InstallSnapshot s -> {
                    out.writeVarLong(s.index(), true);
                    out.writeVarLong(s.snapshotTerm(), true);
                    out.writeVarLong(s.offset(), true);
                    writeBytes(out, s.chunk());
                    out.writeBoolean(s.last());
                }
                case InstallSnapshotReply r -> {
                    out.writeVarLong(r.index(), true);
                    out.writeVarLong(r.nextOffset(), true);
                    out.writeBoolean(r.installed());
                }
            }
        }

        @Override
        public RaftMessage read(Kryo kryo, Input in, Class<? extends RaftMessage> type) {
            String from = requireString(in.readString());
            String to = requireString(in.readString());
            long term = in.readVarLong(true);
            if (type == PreVote.class) {
                return new PreVote(from, to, term, in.readVarLong(true), in.readVarLong(true));
            }
            if (type == PreVoteReply.class) {
                return new PreVoteReply(from, to, term, in.readBoolean());
            }
            if (type == RequestVote.class) {
                return new RequestVote(from, to, term, in.readVarLong(true), in.readVarLong(true));
            }
            if (type == RequestVoteReply.class) {
                return new RequestVoteReply(from, to, term, in.readBoolean());
            }
            if (type == AppendEntries.class) {
                long prevIndex = in.readVarLong(true);
                long prevTerm = in.readVarLong(true);
                long commit = in.readVarLong(true);
                int count = in.readVarInt(true);
                checkClaim(in, count, 6, "entries");
                List<LogEntry> entries = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    long index = in.readVarLong(true);
                    long entryTerm = in.readVarLong(true);
                    int kind = in.readByte();
                    if (kind < 0 || kind >= LogEntry.Kind.values().length) {
                        throw new KryoException("unknown log entry kind " + kind);
                    }
                    entries.add(new LogEntry(index, entryTerm, LogEntry.Kind.values()[kind], in.readVarLong(true),
                            in.readVarLong(true), readBytes(in)));
                }
                return new AppendEntries(from, to, term, prevIndex, prevTerm, entries, commit);
            }
            if (type == AppendEntriesReply.class) {
                return new AppendEntriesReply(from, to, term, in.readBoolean(), in.readVarLong(true),
                        in.readVarLong(true));
            }
            if (type == Heartbeat.class) {
                return new Heartbeat(from, to, term, in.readVarLong(true), in.readVarLong(true));
            }
            if (type == HeartbeatReply.class) {
                return new HeartbeatReply(from, to, term, in.readVarLong(true));
            }
            if (type == InstallSnapshot.class) {
                return new InstallSnapshot(from, to, term, in.readVarLong(true), in.readVarLong(true),
                        in.readVarLong(true), readBytes(in), in.readBoolean());
            }
            if (type == InstallSnapshotReply.class) {
                return new InstallSnapshotReply(from, to, term, in.readVarLong(true), in.readVarLong(true),
                        in.readBoolean());
            }
            throw new KryoException("not a raft message: " + type.getName());
        }

        private static void writeBytes(Output out, byte[] bytes) {
            out.writeVarInt(bytes.length, true);
            out.writeBytes(bytes);
        }

        private static byte[] readBytes(Input in) {
            int length = in.readVarInt(true);
            checkClaim(in, length, 1, "bytes");
            return in.readBytes(length);
        }

        private static void checkClaim(Input in, int count, int minBytesEach, String what) {
            long left = in.limit() - in.position();
            if (count < 0 || (long) count * minBytesEach > left) {
                throw new KryoException(count + " " + what + " claimed with only " + left + " bytes left");
            }
        }

        private static String requireString(String s) {
            if (s == null || s.isEmpty()) {
                throw new KryoException("a raft message without a sender or addressee");
            }
            return s;
        }
    }
}
