package io.gearpump.net.auth;

import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.net.protocol.FrameKind;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * AUTH frame payloads: the {@link FrameKind#AUTH} byte, then one handshake record as Kryo writes a
 * registered class and object ({@code varint(id + 2)}, then the record). Decoding reads bytes from
 * a peer that has proven nothing yet, so it is strict: the class id is checked against the
 * handshake's own ids before Kryo sees anything (no other class is ever resolved or instantiated),
 * and bytes left over are refused. One codec per thread (the loops').
 */
final class AuthCodec {

    /** Kryo's class header for a registered class is its id plus this (0 is null, 1 a class name). */
    private static final int KRYO_ID_OFFSET = 2;
    private static final WireRegistry REGISTRY = WireRegistry.builder().register(AuthWireTypes.ENTRIES).build();
    private static final Map<Integer, Class<?>> TYPES = AuthWireTypes.ENTRIES.stream()
            .collect(Collectors.toUnmodifiableMap(WireRegistry.Entry::id, WireRegistry.Entry::type));
    private static final ThreadLocal<WireCodec> CODEC =
            WireCodec.forCurrentThread(REGISTRY, HmacHandshake.PRE_AUTH_MAX_FRAME_BYTES);

    private AuthCodec() {
    }

    static byte[] encode(AuthMessage message) {
        WireCodec codec = CODEC.get();
        Output out = codec.output();
        out.writeByte(FrameKind.AUTH);
        codec.writeObject(out, message);
        return out.toBytes();
    }

    /** The record in an AUTH frame's payload; an {@link IllegalArgumentException} says what is wrong with it. */
    static AuthMessage decode(byte[] payload) {
        if (payload.length == 0 || payload[0] != FrameKind.AUTH) {
            throw new IllegalArgumentException("not an AUTH frame");
        }
        WireCodec codec = CODEC.get();
        Input in = codec.input(payload, 1, payload.length - 1);
        try {
            int id = in.readVarInt(true) - KRYO_ID_OFFSET;
            Class<?> type = TYPES.get(id);
            if (type == null) {
                throw new IllegalArgumentException("wire id " + id + " is not a handshake record (ids " + TYPES.keySet() + ")");
            }
            AuthMessage message = (AuthMessage) codec.kryo().readObject(in, type);
            if (in.position() != in.limit()) {
                throw new IllegalArgumentException((in.limit() - in.position()) + " bytes after the " + message.name());
            }
            return message;
        } catch (KryoException e) {
            throw new IllegalArgumentException("cannot decode a handshake record: " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
