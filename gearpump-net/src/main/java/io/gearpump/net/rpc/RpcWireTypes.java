package io.gearpump.net.rpc;

import io.gearpump.core.serialization.WireRegistry;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The request/response layer's wire ids (100-139 of net's 100-199; 105-139 are free for it).
 * Append only: a released id never changes meaning. Add {@link #ENTRIES} to every registry whose
 * codec carries control traffic: {@code WireRegistry.builder().register(RpcWireTypes.ENTRIES)}.
 */
public final class RpcWireTypes {

    public static final List<WireRegistry.Entry> ENTRIES = List.of(
            new WireRegistry.Entry(100, RpcMessage.Request.class, MessageSerializer.class),
            new WireRegistry.Entry(101, RpcMessage.Response.class, MessageSerializer.class),
            new WireRegistry.Entry(102, RpcMessage.Failure.class, MessageSerializer.class),
            new WireRegistry.Entry(103, RpcMessage.Ping.class, MessageSerializer.class),
            new WireRegistry.Entry(104, RpcMessage.Pong.class, MessageSerializer.class));

    private RpcWireTypes() {
    }

    /**
     * An explicit layout per message, so the format does not follow the records' field names:
     * request and response are {@code varlong id, class-and-object body}; failure is
     * {@code varlong id, varint code, varint length, UTF-8 bytes, varint refusal}; ping and pong are empty. A length
     * is checked against the bytes that are left before anything is allocated for it.
     */
    public static final class MessageSerializer extends Serializer<RpcMessage> {

        private static final RpcMessage.Ping PING = new RpcMessage.Ping();
        private static final RpcMessage.Pong PONG = new RpcMessage.Pong();

        public MessageSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, RpcMessage message) {
            switch (message) {
                case RpcMessage.Request r -> {
                    output.writeVarLong(r.id(), true);
                    kryo.writeClassAndObject(output, r.body());
                }
                case RpcMessage.Response r -> {
                    output.writeVarLong(r.id(), true);
                    kryo.writeClassAndObject(output, r.body());
                }
                case RpcMessage.Failure f -> {
                    output.writeVarLong(f.id(), true);
                    output.writeVarInt(f.code().wireCode(), true);
                    byte[] text = f.message().getBytes(StandardCharsets.UTF_8);
                    output.writeVarInt(text.length, true);
                    output.writeBytes(text);
                    output.writeVarInt(f.refusal(), true);
                }
                case RpcMessage.Ping p -> {
                }
                case RpcMessage.Pong p -> {
                }
            }
        }

        @Override
        public RpcMessage read(Kryo kryo, Input input, Class<? extends RpcMessage> type) {
            if (type == RpcMessage.Request.class) {
                return new RpcMessage.Request(input.readVarLong(true), kryo.readClassAndObject(input));
            }
            if (type == RpcMessage.Response.class) {
                return new RpcMessage.Response(input.readVarLong(true), kryo.readClassAndObject(input));
            }
            if (type == RpcMessage.Failure.class) {
                long id = input.readVarLong(true);
                RpcErrorCode code = RpcErrorCode.fromWire(input.readVarInt(true));
                int length = input.readVarInt(true);
                int left = input.limit() - input.position();
                if (length < 0 || length > left) {
                    throw new KryoException("failure message claims " + length + " bytes, " + left + " are left");
                }
                String message = new String(input.readBytes(length), StandardCharsets.UTF_8);
                return new RpcMessage.Failure(id, code, message, input.readVarInt(true));
            }
            if (type == RpcMessage.Ping.class) {
                return PING;
            }
            if (type == RpcMessage.Pong.class) {
                return PONG;
            }
            throw new KryoException("not an RPC message: " + type.getName());
        }
    }
}
