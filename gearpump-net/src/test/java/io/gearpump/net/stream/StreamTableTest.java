package io.gearpump.net.stream;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gearpump.core.api.TaskId;
import io.gearpump.core.task.StreamKey;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

class StreamTableTest {

    @Test
    void everyStreamIsFoundByItsIdThroughGrowthAndCollisions() {
        StreamTable table = new StreamTable();
        table.validFor(0);
        Map<Long, InboundStream> expected = new HashMap<>();
        for (int app = 0; app < 4; app++) {
            for (int stream = 0; stream < 2_500; stream++) {
                long id = ((long) app << 32) | stream; // includes id 0: a free slot is marked by its stream, not its id
                InboundStream s = stream(app, stream);
                table.put(id, s);
                expected.put(id, s);
            }
        }
        table.put(7L, expected.get(7L)); // again: no second entry
        expected.forEach((id, s) -> assertSame(s, table.get(id), "stream " + id));
        assertNull(table.get(5L << 32));
        assertNull(table.get(2_500));
    }

    @Test
    void aChangeOfTheHubsStreamsEmptiesTheTable() {
        StreamTable table = new StreamTable();
        InboundStream s = stream(1, 3);
        table.validFor(4);
        table.put(3, s);

        table.validFor(4);
        assertSame(s, table.get(3));
        table.validFor(5); // e.g. the application ended and a new attempt registered the same stream id
        assertNull(table.get(3));
    }

    private static InboundStream stream(int app, int stream) {
        return new InboundStream(new StreamKey(app, stream, new TaskId(0, 0), new TaskId(1, 0)), null, 0, 16, null);
    }
}
