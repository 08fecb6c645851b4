package io.gearpump.net.rpc;

import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Request;
import io.gearpump.core.serialization.WireRegistry;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Request and response bodies of the tests, their registry, and a handler that knows them. */
final class TestMessages {

    /** Answered with "echo:" + text. */
    record Echo(String text) implements Request<String> {
        @Override
        public Class<String> replyType() {
            return String.class;
        }
    }

    /** The handler refuses it with a {@link ClusterException} of this code and message. */
    record Refuse(ClusterError error, String message) implements Request<String> {
        @Override
        public Class<String> replyType() {
            return String.class;
        }
    }

    /** Claims an Integer answer; the handler answers a String, as a peer of another build might. */
    record Miscounted(String text) implements Request<Integer> {
        @Override
        public Class<Integer> replyType() {
            return Integer.class;
        }
    }

    /** Answered with "slow:" + text once the test opens the gate. */
    record Slow(String text) {
    }

    /** The handler throws an IllegalStateException with this message. */
    record Boom(String message) {
    }

    /** Answered later, through a CompletableFuture, with "later:" + text. */
    record Later(String text) {
    }

    /** The handler answers with an {@link Unregistered}, which cannot be encoded. */
    record AnswerUnregistered() {
    }

    /** Never registered. */
    record Unregistered(int value) {
    }

    private TestMessages() {
    }

    static WireRegistry registry() {
        return WireRegistry.builder()
                .register(RpcWireTypes.ENTRIES)
                .register(List.of(new WireRegistry.Entry(68, ClusterError.class, null)))
                .registerUserType(Echo.class)
                .registerUserType(Refuse.class)
                .registerUserType(Miscounted.class)
                .registerUserType(Slow.class)
                .registerUserType(Boom.class)
                .registerUserType(Later.class)
                .registerUserType(AnswerUnregistered.class)
                .build();
    }

    /** Serves the test messages; {@link Slow} counts itself in {@code slowArrived}, then waits for {@code slowGate}. */
    static RequestHandler handler(CountDownLatch slowGate, AtomicInteger slowArrived) {
        return request -> switch (request) {
            case Echo e -> "echo:" + e.text();
            case Slow s -> {
                slowArrived.incrementAndGet();
                slowGate.await();
                yield "slow:" + s.text();
            }
            case Boom b -> throw new IllegalStateException(b.message());
            case Refuse r -> throw new ClusterException(r.error(), r.message());
            case Miscounted m -> "not a number: " + m.text();
            case Later l -> CompletableFuture.supplyAsync(() -> "later:" + l.text());
            case AnswerUnregistered a -> new Unregistered(1);
            default -> throw new IllegalArgumentException("unexpected request " + request);
        };
    }
}
