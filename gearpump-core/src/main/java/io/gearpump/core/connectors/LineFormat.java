package io.gearpump.core.connectors;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Text lines: UTF-8, each ended by {@code \n}; a file's last line may lack it. A line is at most 64 KiB. */
final class LineFormat implements FileFormat {

    private static final int MAX_LINE = 1 << 16;

    @Override
    public Object next(ByteBuffer buffer, long offset) {
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            if (buffer.get(i) == '\n') {
                String line = text(buffer, i - buffer.position());
                buffer.get(); // the newline
                return line;
            }
        }
        return null;
    }

    @Override
    public Object last(ByteBuffer buffer, long offset) {
        return buffer.hasRemaining() ? text(buffer, buffer.remaining()) : null;
    }

    @Override
    public int maxFrameBytes() {
        return MAX_LINE;
    }

    @Override
    public void write(Object value, OutputStream out) throws IOException {
        out.write(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    private static String text(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "lines";
    }
}
