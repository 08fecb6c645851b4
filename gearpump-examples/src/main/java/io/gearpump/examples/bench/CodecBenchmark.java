package io.gearpump.examples.bench;

import io.gearpump.core.api.Message;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.serialization.WireCodec;
import io.gearpump.net.protocol.NetWire;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.RecordSerializer;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code gear bench codec}: what Kryo costs per message on one core, in isolation, encoded the way a
 * stream's DATA frame carries it (a varlong timestamp, then the value with its class) into one reused
 * buffer, 512 at a time, and decoded from those bytes into new messages. The value is SOL's (the same
 * 100-byte array each time) or, with {@code -value record}, the latency workload's record of two longs
 * and that array ({@code -value kryo-record}: the same through Kryo's own record serializer, for
 * comparison). Prints nanoseconds, bytes and bytes allocated per message: a ceiling for what one core
 * can send or receive between JVMs, and the allocation the transport has to beat.
 */
final class CodecBenchmark {

    private static final int BATCH = 512;

    private CodecBenchmark() {
    }

    static String run(String value, int valueBytes, int warmupSeconds, int seconds) {
        WireCodec codec = new WireCodec(NetWire.builder(GearConfig.load(), CodecBenchmark.class.getClassLoader())
                .registerUserType(LatencyWorkload.Probe.class).build(), 64 << 20);
        if (value.equals("kryo-record")) {
            codec.kryo().getRegistration(LatencyWorkload.Probe.class).setSerializer(new RecordSerializer<>());
        }
        boolean record = value.endsWith("record");
        if (!record && !value.equals("bytes")) {
            throw new IllegalArgumentException("-value " + value + ": expected bytes, record or kryo-record");
        }
        byte[] payload = new byte[valueBytes];
        Message[] batch = new Message[BATCH];
        for (int i = 0; i < BATCH; i++) {
            long time = 1_700_000_000_000L + i;
            batch[i] = new Message(record ? new LatencyWorkload.Probe(i * 1_000_003L, time * 1_000_000, payload) : payload, time);
        }
        byte[] encoded = encode(codec, batch);
        Rate encoding = measure(warmupSeconds, seconds, () -> encode(codec, batch).length);
        Rate decoding = measure(warmupSeconds, seconds, () -> decode(codec, encoded).length);
        return String.format(Locale.ROOT, "value=%s value_bytes=%d wire_bytes_per_msg=%.1f encode_ns_per_msg=%.1f encode_alloc_bytes_per_msg=%.1f"
                        + " decode_ns_per_msg=%.1f decode_alloc_bytes_per_msg=%.1f encode_msgs_per_s_core=%.0f decode_msgs_per_s_core=%.0f",
                value, valueBytes, (double) encoded.length / BATCH, encoding.nanosPerItem(), encoding.allocatedPerItem(),
                decoding.nanosPerItem(), decoding.allocatedPerItem(), 1e9 / encoding.nanosPerItem(), 1e9 / decoding.nanosPerItem());
    }

    /** The messages as a DATA frame's body: the one copy at the end is what the transport sends. */
    private static byte[] encode(WireCodec codec, Message[] batch) {
        Output out = codec.output();
        for (Message m : batch) {
            out.writeVarLong(m.timestamp(), false);
            codec.writeObject(out, m.value());
        }
        return Arrays.copyOf(out.getBuffer(), out.position());
    }

    private static Message[] decode(WireCodec codec, byte[] bytes) {
        Input in = codec.input(bytes, 0, bytes.length);
        Message[] messages = new Message[BATCH];
        for (int i = 0; i < BATCH; i++) {
            long timestamp = in.readVarLong(false);
            messages[i] = new Message(codec.readObject(in), timestamp);
        }
        return messages;
    }

    private record Rate(double nanosPerItem, double allocatedPerItem) {
    }

    /** Runs {@code batch} (BATCH items a call) for the warm-up, then for {@code seconds}; time and allocation per item. */
    private static Rate measure(int warmupSeconds, int seconds, java.util.function.IntSupplier batch) {
        long sink = 0;
        long end = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            sink += batch.getAsInt();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated0 = threads.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        end = t0 + seconds * 1_000_000_000L;
        long items = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            sink += batch.getAsInt();
            items += BATCH;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocated0;
        if (sink == 42) {
            System.out.print(""); // keeps the work from being optimized away
        }
        return new Rate((double) (now - t0) / items, (double) allocated / items);
    }
}
