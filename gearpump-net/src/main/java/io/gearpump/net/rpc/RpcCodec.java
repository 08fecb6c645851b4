package io.gearpump.net.rpc;

import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.net.frame.FrameException;
import io.gearpump.net.protocol.FrameKind;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Turns {@link RpcMessage}s into CONTROL frames ({@code [int length][CONTROL][one Kryo object]})
 * and back. One per process (per registry), shared by every endpoint: it is thread-safe because each
 * thread encodes with its own {@link WireCodec}. A platform thread (an event loop, a caller's
 * thread) keeps one in a thread local ({@link WireCodec#forCurrentThread}); a virtual thread, such
 * as a request handler's, which lives for one request, borrows one from a small pool instead, since
 * building a Kryo costs far more than answering a typical control request.
 */
public final class RpcCodec {

    private static final int POOLED_CODECS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final WireRegistry registry;
    private final int maxFrameBytes;
    private final ThreadLocal<WireCodec> platformCodecs;
    private final ArrayBlockingQueue<WireCodec> virtualCodecs = new ArrayBlockingQueue<>(POOLED_CODECS);

    /**
     * @param registry must hold {@link RpcWireTypes#ENTRIES} and every class sent as a request or response body
     * @param maxFrameBytes the largest payload a frame may carry ({@code gearpump.net.frame.max.bytes})
     */
    public RpcCodec(WireRegistry registry, int maxFrameBytes) {
        if (!registry.entries().containsAll(RpcWireTypes.ENTRIES)) {
            throw new IllegalArgumentException("the wire registry lacks the RPC message types; build it with"
                    + " WireRegistry.builder().register(RpcWireTypes.ENTRIES)");
        }
        if (maxFrameBytes < 16) {
            throw new IllegalArgumentException("gearpump.net.frame.max.bytes = " + maxFrameBytes + " is too small for control frames");
        }
        this.registry = registry;
        this.maxFrameBytes = maxFrameBytes;
        this.platformCodecs = WireCodec.forCurrentThread(registry, 4 + maxFrameBytes);
    }

    public WireRegistry registry() {
        return registry;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * The whole frame for {@code message}, ready for {@link io.gearpump.net.loop.Connection#send}.
     *
     * @throws io.gearpump.core.serialization.UnregisteredTypeException when a body's class is not registered
     * @throws IllegalArgumentException when the frame would exceed {@code gearpump.net.frame.max.bytes}
     */
    ByteBuffer encode(RpcMessage message) {
        WireCodec codec = acquire();
        try {
            Output out = codec.output();
            out.writeInt(0); // the length, filled in below
            out.writeByte(FrameKind.CONTROL);
            codec.writeObject(out, message);
            int size = out.position();
            ByteBuffer frame = ByteBuffer.allocate(size).put(out.getBuffer(), 0, size);
            frame.putInt(0, size - 4).flip();
            return frame;
        } catch (KryoException e) {
            if (String.valueOf(e.getMessage()).startsWith("Buffer overflow")) {
                throw new IllegalArgumentException(describe(message) + " does not fit in a frame of "
                        + maxFrameBytes + " bytes (gearpump.net.frame.max.bytes)", e);
            }
            throw e;
        } finally {
            release(codec);
        }
    }

    /** The message in a CONTROL frame's payload ({@code payload[0]} is the kind). */
    RpcMessage decode(byte[] payload) throws FrameException {
        WireCodec codec = acquire();
        try {
            Input in = codec.input(payload, 1, payload.length - 1);
            Object value;
            try {
                value = codec.readObject(in);
            } catch (RuntimeException e) { // Kryo's, or a serializer's on bytes it did not expect
                throw new FrameException("control frame of " + payload.length + " bytes does not decode: " + firstLine(e));
            }
            if (!(value instanceof RpcMessage message)) {
                throw new FrameException("control frame holds " + (value == null ? "null" : "a " + value.getClass().getName())
                        + ", not an RPC message");
            }
            if (in.position() != in.limit()) {
                throw new FrameException("control frame has " + (in.limit() - in.position()) + " bytes after its message");
            }
            return message;
        } finally {
            release(codec);
        }
    }

    private WireCodec acquire() {
        if (!Thread.currentThread().isVirtual()) {
            return platformCodecs.get();
        }
        WireCodec pooled = virtualCodecs.poll();
        return pooled != null ? pooled : new WireCodec(registry, 4 + maxFrameBytes);
    }

    private void release(WireCodec codec) {
        if (Thread.currentThread().isVirtual()) {
            virtualCodecs.offer(codec); // dropped when the pool is full
        }
    }

    private static String describe(RpcMessage message) {
        return switch (message) {
            case RpcMessage.Request r -> "request " + typeName(r.body());
            case RpcMessage.Response r -> "response " + typeName(r.body());
            case RpcMessage.Failure f -> "failure of request " + f.id();
            case RpcMessage.Ping p -> "ping";
            case RpcMessage.Pong p -> "pong";
        };
    }

    static String typeName(Object body) {
        return body == null ? "null" : body.getClass().getName();
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int end = m.indexOf('\n');
        return end < 0 ? m : m.substring(0, end);
    }

    @Override
    public String toString() {
        return "RpcCodec(" + registry.entries().size() + " types, max frame " + maxFrameBytes + " bytes)";
    }
}
