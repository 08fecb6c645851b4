package io.gearpump.core.task;

import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Partitioner;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.List;

/**
 * Gives every sending task its own partitioner by a serialization round trip. That keeps stateful
 * partitioners (round robin) per sender and proves now, at submission, that the partitioner can
 * travel to another JVM later. Classes resolve through the given loaders (user classes may live in
 * jshell's or an application jar's loader).
 */
final class PartitionerCopier {

    private final List<ClassLoader> loaders;

    PartitionerCopier(List<ClassLoader> loaders) {
        this.loaders = loaders;
    }

    Partitioner copy(Partitioner partitioner, String edge) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(partitioner);
            }
            try (ObjectInputStream in = new LoaderAwareInput(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (Partitioner) in.readObject();
            }
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new InvalidApplicationException("the partitioner " + partitioner + " on edge " + edge
                    + " cannot be serialized, so it cannot be given to each task: " + e
                    + " (a partitioner and everything it captures must be Serializable)");
        }
    }

    private final class LoaderAwareInput extends ObjectInputStream {
        LoaderAwareInput(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            for (ClassLoader loader : loaders) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // try the next loader
                }
            }
            return super.resolveClass(desc);
        }
    }
}
