package io.gearpump.net.rpc;

import io.gearpump.core.cluster.Request;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Turns an untyped answer into the reply type its request names, in the one place that checks it. */
public final class Answers {

    private Answers() {
    }

    /**
     * The answer as {@code request}'s reply type; an answer of another type fails the future naming
     * both (a peer of another build, or a handler's bug), rather than a caller's cast far away.
     */
    public static <R> CompletableFuture<R> typed(Request<R> request, CompletableFuture<Object> answer) {
        return answer.thenApply(value -> {
            if (!request.replyType().isInstance(value)) {
                throw new CompletionException(new IllegalStateException("the answer to " + request.getClass().getSimpleName()
                        + " is " + (value == null ? "null" : value.getClass().getSimpleName()) + ", not "
                        + request.replyType().getSimpleName()));
            }
            return request.replyType().cast(value);
        });
    }
}
