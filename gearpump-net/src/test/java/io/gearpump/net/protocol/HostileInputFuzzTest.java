package io.gearpump.net.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.TaskId;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.net.auth.Handshakes;
import io.gearpump.net.loop.EventLoopGroup;
import io.gearpump.net.loop.NetServer;
import io.gearpump.net.testing.EchoSessions;
import io.gearpump.net.testing.LoopbackNet;
import io.gearpump.net.testing.RawPeer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random and hostile byte streams into a listening port, thousands of seeded cases, each on its own
 * connection; afterwards the server is alive, has closed every hostile connection and still serves
 * a well-behaved client (an echo of a CONTROL frame, decoded with {@code WireCodec} on the way).
 * Replay a failure with {@code -Dgearpump.fuzz.seed=<seed>} (the failure message names it);
 * {@code -Dgearpump.fuzz.cases=<n>} runs more or fewer cases.
 */
@Timeout(120)
class HostileInputFuzzTest {

    private static final long SEED = Long.getLong("gearpump.fuzz.seed", System.nanoTime());
    private static final int CASES = Integer.getInteger("gearpump.fuzz.cases", 3000);
    private static final int MAX_FRAME = 64 * 1024;
    private static final String SECRET = "fuzz-secret";
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    enum Hostile {
        RANDOM_BYTES,
        /** A length header below zero or above the maximum, then a few bytes. */
        ABSURD_LENGTH,
        UNKNOWN_KIND,
        /**
         * A CONTROL frame whose Kryo body was mutated. Note: Kryo allocates what an array header in
         * the body claims before reading its elements, so a few of these make the server allocate
         * (and free) up to gigabytes; they pass, slowly, or close with OutOfMemoryError.
         */
        CORRUPT_CONTROL,
        CORRUPT_AUTH,
        VALID_THEN_GARBAGE,
        MANY_FRAMES_CHOPPED,
        HALF_FRAME_THEN_ABORT
    }

    @ParameterizedTest(name = "cluster secret set: {0}")
    @ValueSource(booleans = {false, true})
    void hostileStreamsLeaveTheServerAliveAndServingAWellBehavedClient(boolean withSecret) {
        Handshakes handshakes = withSecret
                ? Handshakes.fromConfig(GearConfig.defaults().with("gearpump.cluster.secret", SECRET),
                        new Random(SEED), 10_000)
                : Handshakes.none();
        EchoSessions.Recorder server = new EchoSessions.Recorder();
        Map<Hostile, Integer> cases = new EnumMap<>(Hostile.class);
        int at = -1;
        Hostile kind = null;
        try (LoopbackNet net = new LoopbackNet()) {
            EventLoopGroup serverLoops = net.group("fuzzed", 2, MAX_FRAME);
            EventLoopGroup clientLoop = net.group("client", 1, MAX_FRAME);
            NetServer target = net.server(serverLoops, EchoSessions.echoServer(handshakes::forServer, server));
            EchoSessions.Client good = EchoSessions.Client.open(net, clientLoop, target, handshakes.forClient())
                    .awaitAuthenticated();
            good.assertEchoes("before");

            Random caseSeeds = new Random(SEED);
            for (at = 0; at < CASES; at++) {
                Random random = new Random(caseSeeds.nextLong()); // a case's bytes depend on the seed and its index only
                kind = Hostile.values()[random.nextInt(Hostile.values().length)];
                cases.merge(kind, 1, Integer::sum);
                attack(target, kind, random);
                if (at % 500 == 499) {
                    good.assertEchoes("still serving after case " + at);
                }
            }
            at = CASES;
            kind = null;
            good.assertEchoes(new ArrayList<>(List.of("after", CASES, new TaskId(1, 2))));
            EchoSessions.Client late = EchoSessions.Client.open(net, clientLoop, target, handshakes.forClient())
                    .awaitAuthenticated();
            late.assertEchoes("a connection opened after the fuzzing");

            // every hostile connection was closed by the server; only the two good ones are open
            Poll.until("every hostile connection to close (the number still open to be 2)", CLOSE_WAIT,
                    () -> server.opened.get() - server.closed.get(), open -> open == 2);
            assertEquals(CASES + 2, server.opened.get());
            Map<String, Integer> reasons = reasonCounts(server.reasonsSoFar());
            System.out.println("fuzzing with seed " + SEED + ", secret " + withSecret + ": cases " + cases + "; closes " + reasons);
            assertTrue(reasons.getOrDefault("frame length outside the limit", 0) > 0, "reasons: " + reasons);
            assertTrue(reasons.getOrDefault("refused by the protocol", 0) > 0, "reasons: " + reasons);
            if (!withSecret) {
                assertTrue(reasons.getOrDefault("could not be handled (decoding)", 0) > 0, "reasons: " + reasons);
            } else {
                assertTrue(reasons.getOrDefault("authentication failed", 0) > 0, "reasons: " + reasons);
                assertEquals(2, server.authenticated.get(), "only the good clients authenticated");
            }
        } catch (Throwable t) {
            throw new AssertionError("fuzzing failed with seed " + SEED + " (replay with -Dgearpump.fuzz.seed=" + SEED
                    + ") at case " + at + (kind == null ? "" : " (" + kind + ")") + ", secret " + withSecret
                    + "; cases so far " + cases + ": " + t, t);
        }
    }

    /** One hostile connection: write, then end the stream and wait until the server closes, or reset. */
    private static void attack(NetServer target, Hostile kind, Random random) {
        try (RawPeer peer = new RawPeer(target.address())) {
            byte[] bytes = bytes(kind, random);
            for (byte[] chunk : chop(bytes, random)) {
                if (!peer.write(chunk)) {
                    break; // the server has closed it already
                }
            }
            if (kind == Hostile.HALF_FRAME_THEN_ABORT) {
                peer.abort();
            } else {
                peer.shutdownOutput();
                peer.awaitClosedByServer(CLOSE_WAIT);
            }
        }
    }

    private static byte[] bytes(Hostile kind, Random random) {
        return switch (kind) {
            case RANDOM_BYTES -> randomBytes(random, 1 + random.nextInt(2000));
            case ABSURD_LENGTH -> concat(header(absurdLength(random)), randomBytes(random, random.nextInt(64)));
            case UNKNOWN_KIND -> frame(concat(new byte[] {unknownKind(random)}, randomBytes(random, random.nextInt(200))));
            case CORRUPT_CONTROL -> frame(mutate(EchoSessions.control(sample(random)), random));
            case CORRUPT_AUTH -> frame(corruptAuth(random));
            case VALID_THEN_GARBAGE -> concat(frame(EchoSessions.control(sample(random))), randomBytes(random, 1 + random.nextInt(300)));
            case MANY_FRAMES_CHOPPED -> manyFrames(random);
            case HALF_FRAME_THEN_ABORT -> {
                byte[] whole = frame(EchoSessions.control(randomBytes(random, 10 + random.nextInt(3000))));
                yield Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
            }
        };
    }

    private static int absurdLength(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Integer.MAX_VALUE;
            case 1 -> Integer.MIN_VALUE + random.nextInt(1000);
            case 2 -> -1 - random.nextInt(1 << 20);
            case 3 -> MAX_FRAME + 1 + random.nextInt(Integer.MAX_VALUE - MAX_FRAME - 1);
            default -> random.nextInt() | 0x4000_0000; // large, either sign
        };
    }

    private static byte unknownKind(Random random) {
        byte kind;
        do {
            kind = (byte) random.nextInt(256);
        } while (kind == FrameKind.CONTROL || kind == FrameKind.AUTH);
        return kind;
    }

    /** Something every registry knows: strings, boxes, core's arrays and collections, task ids. */
    private static Object sample(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "text " + random.nextLong();
            case 1 -> random.nextInt();
            case 2 -> randomBytes(random, random.nextInt(100));
            case 3 -> random.ints(random.nextInt(20)).toArray();
            case 4 -> random.longs(random.nextInt(20)).toArray();
            case 5 -> new ArrayList<>(List.of("a", random.nextInt(), random.nextLong()));
            case 6 -> new HashMap<>(Map.of("k" + random.nextInt(9), random.nextInt()));
            default -> new TaskId(random.nextInt(100), random.nextInt(100));
        };
    }

    /** Flips, drops, inserts or replaces bytes after the kind byte. */
    private static byte[] mutate(byte[] payload, Random random) {
        byte[] b = payload.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int i = 0, n = 1 + random.nextInt(4); i < n && b.length > 1; i++) {
                    b[1 + random.nextInt(b.length - 1)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 1 -> b = Arrays.copyOf(b, 1 + random.nextInt(Math.max(1, b.length - 1)));
            case 2 -> {
                int at = 1 + random.nextInt(b.length);
                b = concat(Arrays.copyOf(b, at), randomBytes(random, 1 + random.nextInt(8)), Arrays.copyOfRange(b, at, b.length));
            }
            case 3 -> b = concat(new byte[] {b[0]}, randomBytes(random, random.nextInt(100)));
            default -> b[1] = (byte) random.nextInt(256); // another class id
        }
        return b;
    }

    /** A handshake record's id (140-142) or another one, with a body of any length. */
    private static byte[] corruptAuth(Random random) {
        int id = random.nextInt(4) == 0 ? random.nextInt(300) : 140 + random.nextInt(3);
        byte[] body = randomBytes(random, random.nextBoolean() ? 32 * (1 + random.nextInt(2)) : random.nextInt(120));
        return concat(new byte[] {FrameKind.AUTH}, varint(id + 2), body);
    }

    private static byte[] manyFrames(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0, n = 2 + random.nextInt(10); i < n; i++) {
            out.writeBytes(switch (random.nextInt(3)) {
                case 0 -> frame(EchoSessions.control(sample(random)));
                case 1 -> frame(new byte[0]);
                default -> frame(concat(new byte[] {(byte) random.nextInt(8)}, randomBytes(random, random.nextInt(50))));
            });
        }
        return out.toByteArray();
    }

    /** Cuts the bytes into 1-5 writes at random places. */
    private static List<byte[]> chop(byte[] bytes, Random random) {
        List<byte[]> chunks = new ArrayList<>();
        int at = 0;
        for (int left = random.nextInt(5); left > 0 && at < bytes.length; left--) {
            int n = random.nextInt(bytes.length - at + 1);
            chunks.add(Arrays.copyOfRange(bytes, at, at + n));
            at += n;
        }
        chunks.add(Arrays.copyOfRange(bytes, at, bytes.length));
        return chunks;
    }

    private static Map<String, Integer> reasonCounts(List<String> reasons) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String r : reasons) {
            String category = r.contains("is outside") ? "frame length outside the limit"
                    : r.contains("authentication failed") ? "authentication failed"
                    : r.contains("cannot handle a frame") ? "could not be handled (decoding)"
                    : r.contains("no handler") || r.contains("before the peer") || r.contains("empty frame")
                            || r.contains("no cluster secret") ? "refused by the protocol"
                    : r.contains("closed by the peer") || r.contains("read failed") || r.contains("write failed")
                            ? "peer went away"
                    : "other: " + r;
            counts.merge(category, 1, Integer::sum);
        }
        return counts;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] header(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    private static byte[] frame(byte[] payload) {
        return RawPeer.frame(payload);
    }

    private static byte[] varint(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7f) != 0) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
