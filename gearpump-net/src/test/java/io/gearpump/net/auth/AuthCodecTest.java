package io.gearpump.net.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.net.protocol.FrameKind;

import com.esotericsoftware.kryo.io.Output;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Handshake records on the wire, and the proofs, without sockets. */
@Timeout(10)
class AuthCodecTest {

    private final Random random = new Random(7);

    private byte[] bytes32() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    @Test
    void wireIdsAreInTheAuthRangeDistinctAndFitAFullRegistry() {
        Set<Integer> ids = new HashSet<>();
        for (WireRegistry.Entry e : AuthWireTypes.ENTRIES) {
            assertTrue(e.id() >= 140 && e.id() <= 149, e.toString());
            assertTrue(ids.add(e.id()), "id " + e.id() + " twice");
        }
        assertEquals(Set.of(140, 141, 142), ids);
        WireRegistry registry = WireRegistry.builder().register(AuthWireTypes.ENTRIES).build();
        WireCodec codec = new WireCodec(registry, 4096);
        AuthMessage.Challenge c = new AuthMessage.Challenge(bytes32());
        AuthMessage back = (AuthMessage) codec.decode(codec.encode(c)); // any registry with the entries reads them
        assertArrayEquals(c.serverNonce(), ((AuthMessage.Challenge) back).serverNonce());
    }

    @Test
    void everyRecordRoundTripsWithTheAuthKindFirst() {
        byte[] n1 = bytes32();
        byte[] n2 = bytes32();
        byte[] mac = bytes32();
        byte[] challenge = AuthCodec.encode(new AuthMessage.Challenge(n1));
        assertEquals(FrameKind.AUTH, challenge[0]);
        assertEquals(1 + 2 + 32, challenge.length, "kind, class id 140 as varint(142) in two bytes, the nonce");
        assertArrayEquals(n1, assertInstanceOf(AuthMessage.Challenge.class, AuthCodec.decode(challenge)).serverNonce());

        var proof = assertInstanceOf(AuthMessage.ClientProof.class, AuthCodec.decode(AuthCodec.encode(new AuthMessage.ClientProof(n2, mac))));
        assertArrayEquals(n2, proof.clientNonce());
        assertArrayEquals(mac, proof.mac());
        assertArrayEquals(mac, assertInstanceOf(AuthMessage.ServerProof.class,
                AuthCodec.decode(AuthCodec.encode(new AuthMessage.ServerProof(mac)))).mac());
    }

    @Test
    void decodingRefusesEverythingButExactlyOneHandshakeRecord() {
        byte[] challenge = AuthCodec.encode(new AuthMessage.Challenge(bytes32()));
        assertRefused(Arrays.copyOf(challenge, challenge.length - 1), "claimed with only 31 bytes left");
        assertRefused(Arrays.copyOf(challenge, challenge.length + 1), "1 bytes after the Challenge");
        assertRefused(new byte[] {FrameKind.AUTH}, "Buffer underflow");
        assertRefused(new byte[0], "not an AUTH frame");
        assertRefused(new byte[] {FrameKind.CONTROL, 0}, "not an AUTH frame");
        assertRefused(new byte[] {FrameKind.AUTH, 0}, "wire id -2 is not a handshake record");
        assertRefused(new byte[] {FrameKind.AUTH, 10 + 2, 100}, "wire id 10 is not a handshake record"); // byte[]
        assertRefused(new byte[] {FrameKind.AUTH, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, "is not a handshake record");
        // a class named in the stream (Kryo's header 1) is refused before Kryo could look the name up
        Output out = new Output(256);
        out.writeByte(FrameKind.AUTH);
        out.writeVarInt(1, true);
        out.writeString("java.lang.ProcessBuilder");
        assertRefused(out.toBytes(), "wire id -1 is not a handshake record");
    }

    private static void assertRefused(byte[] payload, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthCodec.decode(payload));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void recordsHoldExactly32ByteNoncesAndMacs() {
        assertThrows(IllegalArgumentException.class, () -> new AuthMessage.Challenge(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new AuthMessage.ClientProof(new byte[32], new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> new AuthMessage.ServerProof(null));
    }

    @Test
    void proofsBindTheDirectionBothNoncesAndTheSecret() {
        Proofs proofs = new Proofs("s3cret".getBytes(StandardCharsets.UTF_8));
        byte[] server = bytes32();
        byte[] client = bytes32();
        byte[] clientProof = proofs.client(server, client);
        assertEquals(32, clientProof.length);
        assertArrayEquals(clientProof, proofs.client(server, client), "deterministic");
        List<byte[]> others = List.of(
                proofs.server(server, client), // the other direction: a proof cannot be reflected
                proofs.client(client, server), // nonces swapped
                proofs.client(bytes32(), client), // another server nonce: no replay into a new handshake
                proofs.client(server, bytes32()),
                new Proofs("s3cret!".getBytes(StandardCharsets.UTF_8)).client(server, client));
        for (byte[] other : others) {
            assertFalse(Proofs.matches(clientProof, other));
        }
        assertTrue(Proofs.matches(clientProof, clientProof.clone()));
        assertThrows(IllegalArgumentException.class, () -> new Proofs(new byte[0]));
    }
}
