package io.gearpump.core.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.esotericsoftware.kryo.KryoException;

import org.junit.jupiter.api.Test;

class WireCodecTest {

    @Test
    void aLimitBelowTheInitialBufferSizeIsHonoured() {
        WireCodec codec = new WireCodec(WireRegistry.builder().build(), 64); // used to throw: buffer 4096 > max 64

        assertEquals("small", codec.decode(codec.encode("small")));
        assertThrows(KryoException.class, () -> codec.encode("x".repeat(100)), "more than 64 bytes");
    }
}
