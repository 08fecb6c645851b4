package io.gearpump.net.rpc;

import io.gearpump.core.serialization.WireRegistry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/** Request and response bodies of the tests, their registry, and a handler that knows them. */
final class TestMessages {

    /** Answered with "echo:" + text. */
    record Echo(String text) {
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
                .registerUserType(Echo.class)
                .registerUserType(Slow.class)
                .registerUserType(Boom.class)
                .registerUserType(Later.class)
                .registerUserType(AnswerUnregistered.class)
                .build();
    }

    /** Serves the test messages; {@link Slow} waits for {@code slowGate}. */
    static RequestHandler handler(CountDownLatch slowGate) {
        return request -> switch (request) {
            case Echo e -> "echo:" + e.text();
            case Slow s -> {
                slowGate.await();
                yield "slow:" + s.text();
            }
            case Boom b -> throw new IllegalStateException(b.message());
            case Later l -> CompletableFuture.supplyAsync(() -> "later:" + l.text());
            case AnswerUnregistered a -> new Unregistered(1);
            default -> throw new IllegalArgumentException("unexpected request " + request);
        };
    }
}
