package io.gearpump.core.state;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import io.gearpump.core.checkpoint.CheckpointException;
import io.gearpump.core.serialization.WireCodec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of one task's snapshot: a mark and version, the task's own snapshot (already encoded, on
 * the task's thread) if it has one, then each managed state by name and kind with its value or its
 * entries (a keyed map state's entries are keys with their maps). Values are written with the
 * registered wire types; the store adds the checksum.
 */
public final class SnapshotFormat {

    private static final int MARK = 0x47505331; // "GPS1": a task snapshot, version 1

    private SnapshotFormat() {
    }

    /** An encoding: the first {@code length} bytes of {@code buffer}, which the codec reuses for its next one. */
    public record Encoded(byte[] buffer, int length) {

        public byte[] toBytes() {
            return java.util.Arrays.copyOf(buffer, length);
        }
    }

    /** The snapshot of a task: {@code custom} its own snapshot's encoding (null: none), {@code state} its managed state. */
    public static byte[] encode(WireCodec codec, byte[] custom, StateSnapshot state) {
        return encodeInPlace(codec, custom, state).toBytes();
    }

    /** As {@link #encode}, in the codec's own buffer (no copy of a large state): valid until the codec encodes again. */
    public static Encoded encodeInPlace(WireCodec codec, byte[] custom, StateSnapshot state) {
        Output out = codec.output();
        out.writeInt(MARK);
        out.writeBoolean(custom != null);
        if (custom != null) {
            out.writeVarInt(custom.length, true);
            out.writeBytes(custom);
        }
        out.writeVarInt(state.states().size(), true);
        for (FrozenState s : state.states()) {
            out.writeString(s.name());
            out.writeByte(s.kind().ordinal());
            try {
                if (s.kind() == StateKind.VALUE) {
                    codec.writeObject(out, s.value());
                } else {
                    writeEntries(codec, out, s);
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException(s.kind().describe() + " '" + s.name() + "' cannot be encoded: " + e.getMessage(), e);
            }
        }
        return new Encoded(out.getBuffer(), out.position());
    }

    private static void writeEntries(WireCodec codec, Output out, FrozenState s) {
        out.writeVarInt(s.entries().count(), true);
        s.entries().forEach((key, value) -> {
            codec.writeObject(out, key);
            if (s.kind() == StateKind.KEYED_MAP) {
                Map<?, ?> fields = (Map<?, ?>) value;
                out.writeVarInt(fields.size(), true);
                for (Map.Entry<?, ?> f : fields.entrySet()) {
                    codec.writeObject(out, f.getKey());
                    codec.writeObject(out, f.getValue());
                }
            } else {
                codec.writeObject(out, value);
            }
        });
    }

    /** Reads a snapshot back; {@code source} (the file) is named when the bytes are not one. */
    public static RestoredSnapshot decode(WireCodec codec, byte[] bytes, String source) {
        try {
            Input in = codec.input(bytes, 0, bytes.length);
            if (bytes.length < 4 || in.readInt() != MARK) {
                throw new CheckpointException(source + " is not a task snapshot this version of the engine can read");
            }
            boolean hasCustom = in.readBoolean();
            Object custom = null;
            if (hasCustom) {
                int length = in.readVarInt(true);
                int start = in.position();
                custom = codec.readObject(in);
                if (in.position() - start != length) {
                    throw new CheckpointException(source + ": the task's own snapshot should take " + length + " bytes, it took "
                            + (in.position() - start));
                }
            }
            int states = in.readVarInt(true);
            Map<String, StateData> byName = new HashMap<>();
            for (int i = 0; i < states; i++) {
                String name = in.readString();
                StateKind kind = StateKind.values()[in.readByte()];
                byName.put(name, kind == StateKind.VALUE ? new StateData(kind, codec.readObject(in), List.of())
                        : new StateData(kind, null, readEntries(codec, in, kind)));
            }
            if (in.position() != bytes.length) {
                throw new CheckpointException(source + " has " + (bytes.length - in.position()) + " bytes after its last state");
            }
            return new RestoredSnapshot(hasCustom, custom, byName);
        } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new CheckpointException(source + " cannot be read as a task snapshot: " + e.getMessage(), e);
        }
    }

    private static List<Object> readEntries(WireCodec codec, Input in, StateKind kind) {
        int count = in.readVarInt(true);
        List<Object> entries = new ArrayList<>(Math.min(count, 1 << 20) * 2);
        for (int i = 0; i < count; i++) {
            entries.add(codec.readObject(in));
            if (kind == StateKind.KEYED_MAP) {
                int n = in.readVarInt(true);
                HashMap<Object, Object> fields = new HashMap<>();
                for (int j = 0; j < n; j++) {
                    fields.put(codec.readObject(in), codec.readObject(in));
                }
                entries.add(fields);
            } else {
                entries.add(codec.readObject(in));
            }
        }
        return entries;
    }
}
