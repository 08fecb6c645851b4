package io.gearpump.core.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Encodes and decodes objects with one Kryo and its buffers. Not thread-safe: each thread that
 * encodes or decodes owns one (see {@link #forCurrentThread}).
 */
public final class WireCodec {

    private static final String NOT_REGISTERED = "Class is not registered: ";

    private final WireRegistry registry;
    private final Kryo kryo;
    private final Output output;
    private final Output outputOver;
    private final int maxBytes;
    private final BoundedInput input = new BoundedInput();

    public WireCodec(WireRegistry registry, int maxBytes) {
        this.registry = registry;
        this.kryo = registry.newKryo();
        this.output = new GrowingOutput(Math.min(4096, maxBytes), maxBytes);
        this.outputOver = new GrowingOutput(0, maxBytes);
        this.maxBytes = maxBytes;
    }

    public WireRegistry registry() {
        return registry;
    }

    public Kryo kryo() {
        return kryo;
    }

    /** The output buffer, reset, for callers that write a frame piece by piece. */
    public Output output() {
        output.reset();
        return output;
    }

    /**
     * An output writing into {@code buffer} from its start, for callers that own their buffers (pooled
     * frames): past its end it grows into a larger copy, up to the maximum, so take
     * {@link Output#getBuffer} back after writing. The output keeps no buffer between calls that matter:
     * the next call sets another.
     */
    public Output outputOver(byte[] buffer) {
        outputOver.setBuffer(buffer, maxBytes);
        return outputOver;
    }

    /** Reads from {@code bytes[offset, offset + length)}. */
    public Input input(byte[] bytes, int offset, int length) {
        input.setBuffer(bytes, offset, length);
        return input;
    }

    public void writeObject(Output out, Object value) {
        try {
            kryo.writeClassAndObject(out, value);
        } catch (IllegalArgumentException e) {
            throw translate(e);
        } catch (KryoException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw translate(iae);
            }
            throw e;
        }
    }

    public Object readObject(Input in) {
        return kryo.readClassAndObject(in);
    }

    /** The whole encoding of {@code value}, as a new array. */
    public byte[] encode(Object value) {
        Output out = output();
        writeObject(out, value);
        return out.toBytes();
    }

    public Object decode(byte[] bytes) {
        return readObject(input(bytes, 0, bytes.length));
    }

    private static RuntimeException translate(IllegalArgumentException e) {
        String m = e.getMessage();
        if (m != null && m.startsWith(NOT_REGISTERED)) {
            int end = m.indexOf('\n');
            return new UnregisteredTypeException(m.substring(NOT_REGISTERED.length(), end < 0 ? m.length() : end), e);
        }
        return e;
    }

    /** A codec per thread for one registry, created on first use by each thread. */
    public static ThreadLocal<WireCodec> forCurrentThread(WireRegistry registry, int maxBytes) {
        return ThreadLocal.withInitial(() -> new WireCodec(registry, maxBytes));
    }
}
