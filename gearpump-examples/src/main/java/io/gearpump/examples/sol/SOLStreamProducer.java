package io.gearpump.examples.sol;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

import java.time.Instant;
import java.util.Random;

/**
 * SOL's producer: outputs the same message of {@code bytesPerMessage} random letters as fast as the
 * downstream tasks take them, a burst per self message. With {@code messages > 0} it ends after that many.
 */
public class SOLStreamProducer extends Task {

    public static final String BYTES_PER_MESSAGE = "sol.bytesPerMessage";
    public static final String MESSAGES = "sol.messages";
    private static final int BURST = 1024;
    private static final Message NEXT_BURST = new Message("next burst", 0);

    private final byte[] payload;
    private final long limit;
    private long produced;

    public SOLStreamProducer(TaskContext context, UserConfig config) {
        super(context, config);
        payload = new byte[config.getInt(BYTES_PER_MESSAGE, 100)];
        Random random = new Random(context.taskId().index());
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + random.nextInt(26));
        }
        limit = config.getLong(MESSAGES, 0);
    }

    @Override
    public void onStart(Instant startTime) {
        context.sendToSelf(NEXT_BURST);
    }

    @Override
    public void onNext(Message message) {
        long now = System.currentTimeMillis(); // one clock read per burst
        long n = limit > 0 ? Math.min(BURST, limit - produced) : BURST;
        for (long i = 0; i < n; i++) {
            output(new Message(payload, now));
        }
        produced += n;
        if (limit > 0 && produced >= limit) {
            context.complete();
        } else {
            context.sendToSelf(NEXT_BURST);
        }
    }
}
