package io.gearpump.examples.wordcount;

import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The source of WordCount: goes over its text again and again, outputting every word. Each pass is
 * one self message, so the task stays responsive between passes. With {@code repeat > 0} it ends
 * after that many passes.
 */
public class Split extends Task implements Checkpointed<Long> {

    public static final String TEXT_FILE = "split.text.file";
    public static final String REPEAT = "split.repeat";

    static final String DEFAULT_TEXT = """
            a stream is a story that never ends and a task reads it one word at a time
            the split task cuts every line into words and sends each word on its way
            words with the same spelling always meet the same sum task down the hash edge
            the sum task keeps a count for every word it has seen since the start
            when the stream is stopped each sum task tells the world its busiest words
            small batches keep latency low and large batches keep the cores busy
            """;

    private static final Message NEXT_PASS = new Message("next pass", 0);

    private final String[] lines;
    private final long repeat;
    private long passes;

    public Split(TaskContext context, UserConfig config) {
        super(context, config);
        this.lines = config.getString(TEXT_FILE).map(Split::read).orElse(DEFAULT_TEXT).split("\n");
        this.repeat = config.getLong(REPEAT, 0);
    }

    @Override
    public void onStart(Instant startTime) {
        context.sendToSelf(NEXT_PASS);
    }

    @Override
    public void onNext(Message message) {
        long now = System.currentTimeMillis(); // one clock read per pass, not per word
        for (String line : lines) {
            emitWords(line, now);
        }
        if (repeat > 0 && ++passes >= repeat) {
            context.complete();
        } else {
            context.sendToSelf(NEXT_PASS);
        }
    }

    /** Outputs each whitespace-separated word of the line as a new String, as a real reader would. */
    private void emitWords(String line, long timestamp) {
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                output(new Message(line.substring(start, i), timestamp));
            }
        }
    }

    /** Its position: the passes made (a checkpoint falls between two passes). */
    @Override
    public Long snapshotState() {
        return passes;
    }

    @Override
    public void restoreState(Long state) {
        passes = state;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("split: cannot read " + TEXT_FILE + " " + file, e);
        }
    }
}
