package io.gearpump.net.auth;

import io.gearpump.core.serialization.WireRegistry;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.util.List;

/**
 * The handshake's wire ids (140-149 of net's 100-199). Append only: a released id never changes
 * meaning. Add {@link #ENTRIES} to any registry that should know the handshake records.
 */
public final class AuthWireTypes {

    public static final List<WireRegistry.Entry> ENTRIES = List.of(
            new WireRegistry.Entry(140, AuthMessage.Challenge.class, MessageSerializer.class),
            new WireRegistry.Entry(141, AuthMessage.ClientProof.class, MessageSerializer.class),
            new WireRegistry.Entry(142, AuthMessage.ServerProof.class, MessageSerializer.class));

    private AuthWireTypes() {
    }

    /**
     * Writes a handshake record as its fixed-size fields, no lengths: reading one never allocates
     * more than {@value AuthMessage#BYTES} bytes per field, whatever the peer sent.
     */
    public static final class MessageSerializer extends Serializer<AuthMessage> {

        public MessageSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output output, AuthMessage message) {
            switch (message) {
                case AuthMessage.Challenge c -> output.writeBytes(c.serverNonce());
                case AuthMessage.ClientProof p -> {
                    output.writeBytes(p.clientNonce());
                    output.writeBytes(p.mac());
                }
                case AuthMessage.ServerProof p -> output.writeBytes(p.mac());
            }
        }

        @Override
        public AuthMessage read(Kryo kryo, Input input, Class<? extends AuthMessage> type) {
            if (type == AuthMessage.Challenge.class) {
                return new AuthMessage.Challenge(input.readBytes(AuthMessage.BYTES));
            }
            if (type == AuthMessage.ClientProof.class) {
                return new AuthMessage.ClientProof(input.readBytes(AuthMessage.BYTES), input.readBytes(AuthMessage.BYTES));
            }
            if (type == AuthMessage.ServerProof.class) {
                return new AuthMessage.ServerProof(input.readBytes(AuthMessage.BYTES));
            }
            throw new KryoException("not a handshake record: " + type.getName());
        }
    }
}
