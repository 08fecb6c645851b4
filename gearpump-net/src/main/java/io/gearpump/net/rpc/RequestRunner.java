package io.gearpump.net.rpc;

import io.gearpump.core.cluster.ClusterException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the request handler of one endpoint: each request on a thread of its own from
 * {@link ControlThreads} (handlers are user code, and may block), and sends back exactly one answer: the response, or a failure with
 * an error code. Called by the event loop; never runs the handler there.
 */
final class RequestRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRunner.class);
    private static final int MAX_ERROR_CHARS = 2000;

    private final RequestHandler handler;
    private final Consumer<RpcMessage> reply;
    private final String owner;

    /**
     * @param reply sends an answer (from any thread); throws when the answer cannot be encoded
     * @param owner names the endpoint in logs
     */
    RequestRunner(RequestHandler handler, Consumer<RpcMessage> reply, String owner) {
        this.handler = handler;
        this.reply = reply;
        this.owner = owner;
    }

    /** On the event loop: starts answering {@code request}. */
    void start(RpcMessage.Request request) {
        if (handler == RequestHandler.NONE) {
            reply.accept(new RpcMessage.Failure(request.id(), RpcErrorCode.NO_HANDLER,
                    owner + " serves no requests (got " + RpcCodec.typeName(request.body()) + ")"));
            return;
        }
        ControlThreads.EXECUTOR.execute(() -> run(request));
    }

    private void run(RpcMessage.Request request) {
        Object result;
        try {
            result = handler.handle(request.body());
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            failed(request, e);
            return;
        }
        if (result instanceof CompletionStage<?> later) {
            later.whenComplete((value, error) -> {
                if (error != null) {
                    failed(request, unwrap(error));
                } else {
                    respond(request, value);
                }
            });
        } else {
            respond(request, result);
        }
    }

    private void respond(RpcMessage.Request request, Object value) {
        try {
            reply.accept(new RpcMessage.Response(request.id(), value));
        } catch (RuntimeException e) { // not registered, or too large: tell the caller rather than let it time out
            LOG.warn("{}: the answer to {} cannot be sent: {}", owner, RpcCodec.typeName(request.body()), e.getMessage());
            reply.accept(new RpcMessage.Failure(request.id(), RpcErrorCode.RESPONSE_NOT_ENCODABLE, clip(e.getMessage())));
        }
    }

    private void failed(RpcMessage.Request request, Throwable e) {
        if (e instanceof RedirectException r) { // routine during a failover: no log line
            reply.accept(new RpcMessage.Failure(request.id(), RpcErrorCode.REDIRECT, r.target()));
            return;
        }
        if (e instanceof ClusterException c) { // a refusal the protocol names: the caller's business, not ours to log
            LOG.debug("{}: refused {}: {}", owner, RpcCodec.typeName(request.body()), c.getMessage());
            reply.accept(new RpcMessage.Failure(request.id(), RpcErrorCode.REFUSED, clip(c.getMessage()), c.error().wireCode()));
            return;
        }
        LOG.info("{}: the handler failed on {}: {}", owner, RpcCodec.typeName(request.body()), e.toString());
        reply.accept(new RpcMessage.Failure(request.id(), RpcErrorCode.HANDLER_FAILED,
                clip(e.getClass().getName() + ": " + e.getMessage())));
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String clip(String s) {
        String text = String.valueOf(s);
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "...";
    }
}
