package io.gearpump.core.connectors;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Binary records: a 4-byte big-endian length {@code n} (0 to {@code maxRecord}), then {@code n}
 * bytes, the value (a {@code byte[]}). A length out of range means the file is damaged or in another
 * format: nothing after it can be trusted, so it is an error, not a skip.
 */
final class RecordFormat implements FileFormat {

    private static final int LENGTH_BYTES = 4;

    private final int maxRecord;

    RecordFormat(int maxRecord) {
        this.maxRecord = maxRecord;
    }

    @Override
    public Object next(ByteBuffer buffer, long offset) {
        if (buffer.remaining() < LENGTH_BYTES) {
            return null;
        }
        int length = buffer.getInt(buffer.position());
        if (length < 0 || length > maxRecord) {
            throw new CorruptFileException(offset, "a record length of " + length + " bytes, not between 0 and "
                    + MAX_RECORD_KEY + " = " + maxRecord + " (is the file in the records format?)");
        }
        if (buffer.remaining() < LENGTH_BYTES + length) {
            return null;
        }
        byte[] value = new byte[length];
        buffer.position(buffer.position() + LENGTH_BYTES).get(value);
        return value;
    }

    @Override
    public Object last(ByteBuffer buffer, long offset) {
        Object value = next(buffer, offset);
        if (value == null && buffer.hasRemaining()) {
            throw new CorruptFileException(offset, "the file ends inside a record (" + buffer.remaining()
                    + " bytes left, a record is a 4-byte length and that many bytes)");
        }
        return value;
    }

    @Override
    public int maxFrameBytes() {
        return LENGTH_BYTES + maxRecord;
    }

    @Override
    public void write(Object value, OutputStream out) throws IOException {
        if (!(value instanceof byte[] bytes)) {
            throw new IllegalArgumentException("format = records writes byte[] values, got "
                    + (value == null ? "null" : "a " + value.getClass().getName()));
        }
        if (bytes.length > maxRecord) {
            throw new IllegalArgumentException("a record of " + bytes.length + " bytes is over " + MAX_RECORD_KEY + " = " + maxRecord);
        }
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.write(bytes);
    }

    @Override
    public String toString() {
        return "records";
    }
}
