package io.gearpump.net.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.net.loop.EventLoopGroup;
import io.gearpump.net.loop.NetServer;
import io.gearpump.net.testing.EchoSessions;
import io.gearpump.net.testing.LoopbackNet;
import io.gearpump.net.testing.RawPeer;

import com.esotericsoftware.kryo.io.Output;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A session whose CONTROL handler decodes with {@code WireCodec}: frames that are not what the
 * protocol expects close that connection with a reason; the loop keeps serving the others.
 */
@Timeout(60)
class SessionTest {

    private static final int MAX_FRAME = 1 << 20;
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Kryo's header for a registered class is varint(id + 2); ids 10-17 are core's. */
    private static byte[] control(int... kryoBytes) {
        byte[] b = new byte[1 + kryoBytes.length];
        b[0] = FrameKind.CONTROL;
        for (int i = 0; i < kryoBytes.length; i++) {
            b[i + 1] = (byte) kryoBytes[i];
        }
        return b;
    }

    private static byte[] controlWith(java.util.function.Consumer<Output> body) {
        Output out = new Output(1024, MAX_FRAME);
        out.writeByte(FrameKind.CONTROL);
        body.accept(out);
        return out.toBytes();
    }

    enum BadFrame {
        EMPTY(() -> new byte[0], "empty frame"),
        UNKNOWN_KIND(() -> new byte[] {99, 1, 2, 3}, "no handler for frames of unknown kind 99"),
        AUTH_WITHOUT_A_SECRET(() -> new byte[] {FrameKind.AUTH, 1, 2}, "the peer requires authentication (gearpump.cluster.secret) but this side has no secret"),
        UNKNOWN_REGISTRATION_ID(() -> controlWith(out -> out.writeVarInt(777 + 2, true)), "unregistered class ID: 777"),
        UNREGISTERED_CLASS_BY_NAME(() -> controlWith(out -> {
            out.writeVarInt(1, true); // Kryo: a class named in the stream
            out.writeVarInt(3, true);
            out.writeString("java.lang.ProcessBuilder");
        }), "not registered"),
        TRUNCATED_STRING(() -> Arrays.copyOf(EchoSessions.control("a string that will be cut short"), 10), "Buffer underflow"),
        TRAILING_BYTES(() -> {
            byte[] ok = EchoSessions.control("x");
            return Arrays.copyOf(ok, ok.length + 3);
        }, "bytes after the object"),
        NOTHING_AFTER_THE_KIND(() -> control(), "Buffer underflow"),
        // An array header claiming ~2 billion elements in a 7-byte frame is refused before allocating.
        HUGE_OBJECT_ARRAY_CLAIM(() -> controlWith(out -> {
            out.writeVarInt(14 + 2, true);
            out.writeVarInt(Integer.MAX_VALUE - 8, true);
        }), "claimed with only 0 bytes left in the frame"),
        // 200,000 nested Object[]s in 400 KB: refused at the codec's depth limit, not by the stack.
        DEEP_NESTING(() -> controlWith(out -> {
            for (int i = 0; i < 200_000; i++) {
                out.writeVarInt(14 + 2, true);
                out.writeVarInt(1 + 1, true);
            }
        }), "Max depth exceeded");

        final Supplier<byte[]> payload;
        final String reason;

        BadFrame(Supplier<byte[]> payload, String reason) {
            this.payload = payload;
            this.reason = reason;
        }
    }

    @ParameterizedTest
    @EnumSource(BadFrame.class)
    void aBadFrameClosesThatConnectionWithAReasonAndOthersAreStillServed(BadFrame bad) {
        EchoSessions.Recorder server = new EchoSessions.Recorder();
        try (LoopbackNet net = new LoopbackNet()) {
            EventLoopGroup serverLoop = net.group("server", 1, MAX_FRAME); // all sessions share one loop and its codec
            EventLoopGroup clientLoop = net.group("client", 1, MAX_FRAME);
            NetServer echo = net.server(serverLoop, EchoSessions.echoServer(() -> Session.NO_HANDSHAKE, server));
            EchoSessions.Client good = EchoSessions.Client.open(net, clientLoop, echo, Session.NO_HANDSHAKE);
            good.assertEchoes("before");

            RawPeer peer = net.raw(echo);
            peer.sendFrame(bad.payload.get());
            peer.awaitClosedByServer(WAIT);
            String reason = server.nextReason();
            assertTrue(reason.contains(bad.reason), "reason: " + reason);

            good.assertEchoes(new ArrayList<>(List.of("after", 1, 2L))); // an ArrayList of boxes: the loop's Kryo still works
            EchoSessions.Client late = EchoSessions.Client.open(net, clientLoop, echo, Session.NO_HANDSHAKE);
            late.assertEchoes("a new connection");
            assertEquals(1, server.closed.get(), "only the bad connection closed: " + server.reasonsSoFar());
        }
    }
}
