package io.gearpump.core.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.esotericsoftware.kryo.io.KryoBufferOverflowException;

import org.junit.jupiter.api.Test;

class GrowingOutputTest {

    @Test
    void itGrowsUpToItsMaximumExactlyAndRefusesAByteMore() {
        GrowingOutput out = new GrowingOutput(4, 100);
        out.writeBytes(new byte[60]);
        out.writeBytes(new byte[40]); // doubling from 64 would pass 100: it stops at 100
        assertEquals(100, out.position());
        assertEquals(100, out.getBuffer().length);
        assertThrows(KryoBufferOverflowException.class, () -> out.writeByte(1));
    }
}
