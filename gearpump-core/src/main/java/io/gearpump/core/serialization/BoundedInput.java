package io.gearpump.core.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo input over one whole frame that refuses any length claiming more elements than there are
 * bytes left (every element takes at least one byte), before anything is allocated. Without it, a
 * peer could make Kryo allocate gigabytes with a few bytes ({@code new int[claimedLength]}).
 */
final class BoundedInput extends Input {

    /** Throws unless {@code count} elements could still be in the frame. */
    void checkClaim(int count, String what) {
        if (count < 0 || count > limit - position) {
            throw new KryoException(what + " of " + count + " elements claimed with only " + (limit - position)
                    + " bytes left in the frame");
        }
    }

    @Override
    public byte[] readBytes(int length) {
        checkClaim(length, "byte array");
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(int length) {
        checkClaim(length, "int array");
        return super.readInts(length);
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) {
        checkClaim(length, "int array");
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(int length) {
        checkClaim(length, "long array");
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) {
        checkClaim(length, "long array");
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(int length) {
        checkClaim(length, "float array");
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(int length) {
        checkClaim(length, "double array");
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(int length) {
        checkClaim(length, "short array");
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(int length) {
        checkClaim(length, "char array");
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(int length) {
        checkClaim(length, "boolean array");
        return super.readBooleans(length);
    }

    @Override
    public String readString() {
        checkStringLength();
        return super.readString();
    }

    @Override
    public StringBuilder readStringBuilder() {
        checkStringLength();
        return super.readStringBuilder();
    }

    /** A UTF-8 string announces its length in chars first; peek at it (ASCII strings are self-delimited). */
    private void checkStringLength() {
        int start = position;
        if (readVarIntFlag()) {
            int charCount = readVarIntFlag(true) - 1; // -1 is null, 0 the empty string
            position = start;
            if (charCount > 0) {
                checkClaim(charCount, "string");
            }
        }
        position = start;
    }
}
