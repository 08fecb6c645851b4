package io.gearpump.core.serialization;

import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;

import java.util.Arrays;

/**
 * An output buffer that grows by doubling up to its maximum, computed in longs: Kryo's own doubling
 * overflows past 1 GiB, so a snapshot between 1 and 2 GiB could not be encoded.
 */
final class GrowingOutput extends Output {

    GrowingOutput(int bufferSize, int maxBufferSize) {
        super(bufferSize, maxBufferSize);
    }

    @Override
    protected boolean require(int required) {
        if (capacity - position >= required) {
            return false;
        }
        if (required > maxCapacity - position) {
            throw new KryoBufferOverflowException("Buffer overflow. Max capacity: " + maxCapacity + ", required: " + required
                    + " more at " + position);
        }
        long wanted = Math.max(Math.max(16L, (long) capacity * 2), (long) position + required);
        capacity = (int) Math.min(wanted, maxCapacity);
        buffer = Arrays.copyOf(buffer, capacity);
        return true;
    }
}
