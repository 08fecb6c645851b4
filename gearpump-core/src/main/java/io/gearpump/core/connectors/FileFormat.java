package io.gearpump.core.connectors;

import io.gearpump.core.api.UserConfig;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * How message values lie in the files of {@link FileSource} and {@link FileSink}, chosen by the
 * config {@code format}: {@code lines} (the default: UTF-8 text, one value per {@code \n}-ended
 * line, a String) or {@code records} (binary: each record a 4-byte big-endian length {@code n},
 * then {@code n} bytes; the value a {@code byte[]}; {@code n} from 0 to {@code record.max.bytes},
 * default 16 MiB). Reading, a format cuts values out of a buffer of the file's bytes; writing, it
 * frames one value. Stateless once made.
 */
interface FileFormat {

    String KEY = "format";
    String MAX_RECORD_KEY = "record.max.bytes";
    int DEFAULT_MAX_RECORD = 16 << 20;

    /**
     * The value at the buffer's position, the position moved past it and its framing; null, the
     * position unmoved, when the buffer does not hold all of it yet. {@code offset} is where the
     * position lies in the file.
     */
    Object next(ByteBuffer buffer, long offset);

    /**
     * At the end of a file that will not grow: the value the rest of the buffer holds (the position
     * moved past it), or null if the buffer is empty; a {@link CorruptFileException} if the rest is
     * not a whole value.
     */
    Object last(ByteBuffer buffer, long offset);

    /** The most bytes one value takes in a file with its framing: a reader's buffer grows up to that. */
    int maxFrameBytes();

    /** Writes {@code value} with its framing; an {@link IllegalArgumentException} if it is not a value of this format. */
    void write(Object value, OutputStream out) throws IOException;

    /** The format {@code config} names; an unknown one is refused with the choices. */
    static FileFormat of(UserConfig config) {
        String name = config.getString(KEY, "lines").trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "lines" -> new LineFormat();
            case "records" -> new RecordFormat(maxRecord(config));
            default -> throw new IllegalArgumentException("config '" + KEY + "' = '" + name + "' is not lines or records");
        };
    }

    private static int maxRecord(UserConfig config) {
        long max = config.getLong(MAX_RECORD_KEY, DEFAULT_MAX_RECORD);
        if (max < 0 || max > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("config '" + MAX_RECORD_KEY + "' = " + max + " is not between 0 and "
                    + (Integer.MAX_VALUE - 64));
        }
        return (int) max;
    }

    /** Bytes of a file that are not a value of its format: where they start, and why. */
    final class CorruptFileException extends RuntimeException {
        private final long offset;

        CorruptFileException(long offset, String why) {
            super(why);
            this.offset = offset;
        }

        long offset() {
            return offset;
        }
    }
}
