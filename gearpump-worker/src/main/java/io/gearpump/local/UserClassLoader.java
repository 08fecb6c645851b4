package io.gearpump.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sees the classes of every application submitted to a {@link LocalCluster}, whichever loader they
 * came from (the class path, jshell, a plugin loader), so the in-process executors can load them by
 * name as a child JVM would from the application's jar. Thread-safe.
 */
final class UserClassLoader extends ClassLoader {

    private final List<ClassLoader> loaders = new CopyOnWriteArrayList<>();

    UserClassLoader(ClassLoader parent) {
        super(parent);
    }

    void add(ClassLoader loader) {
        if (loader != null && loader != getParent() && !loaders.contains(loader)) {
            loaders.add(loader);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader l : loaders) {
            try {
                return Class.forName(name, false, l);
            } catch (ClassNotFoundException e) {
                // try the next one
            }
        }
        throw new ClassNotFoundException(name);
    }
}
