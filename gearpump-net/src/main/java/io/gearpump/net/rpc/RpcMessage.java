package io.gearpump.net.rpc;

/**
 * The conversation on the control channel of one connection. Each is sent as one CONTROL frame;
 * {@link RpcWireTypes} fixes their wire ids and layout.
 */
sealed interface RpcMessage {

    /** Asks the peer's request handler for an answer; {@code id} correlates the answer. */
    record Request(long id, Object body) implements RpcMessage {
    }

    /** The handler's answer to request {@code id}. */
    record Response(long id, Object body) implements RpcMessage {
    }

    /**
     * Request {@code id} could not be answered; {@code message} says why. {@code refusal} is the
     * protocol's own code when {@code code} is {@link RpcErrorCode#REFUSED}, else 0.
     */
    record Failure(long id, RpcErrorCode code, String message, int refusal) implements RpcMessage {

        Failure(long id, RpcErrorCode code, String message) {
            this(id, code, message, 0);
        }
    }

    /** Asks the peer to show it is alive; answered with a {@link Pong}. */
    record Ping() implements RpcMessage {
    }

    /** The answer to a {@link Ping}. */
    record Pong() implements RpcMessage {
    }
}
