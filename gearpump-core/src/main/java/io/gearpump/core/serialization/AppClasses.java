package io.gearpump.core.serialization;

import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.connectors.FileSink;
import io.gearpump.core.connectors.FileSource;

import java.util.HashMap;
import java.util.Map;

/**
 * The rule for classes that travel by name with an application (a partitioner class, what a lambda
 * or a partitioner holds): only the application's own classes (and the engine's connector tasks,
 * by an explicit list), never the JDK's or the rest of the engine's,
 * because a class named in bytes from elsewhere would otherwise be a way to make an executor build
 * any object on its class path. Registered wire types never come here: they travel by id.
 *
 * <p>Reading, a name is judged before its class is loaded (the JDK's classes and the engine's jars
 * are recognised by where the class file is), then loaded without initialisation by the
 * application's loader, and judged again as a class. Writing, and reading back what this JVM
 * wrote, the classes are the ones just written. Confined to one encode or decode.
 */
final class AppClasses {

    private static final String JDK = "a JDK class, not one of the application's classes";
    /** The engine's own classes an application may name: the tasks of its connectors. */
    private static final Map<String, Class<?>> ENGINE_TASKS = Map.of(
            FileSource.class.getName(), FileSource.class,
            FileSink.class.getName(), FileSink.class);

    private final ClassLoader loader; // the application's; null: read only what this JVM wrote
    private final Map<String, Class<?>> written = new HashMap<>();

    private AppClasses(ClassLoader loader) {
        this.loader = loader;
    }

    /** For writing, then reading back in this JVM. */
    static AppClasses writtenHere() {
        return new AppClasses(null);
    }

    /** For reading bytes from elsewhere: application classes come from {@code loader}'s application jar. */
    static AppClasses from(ClassLoader loader) {
        return new AppClasses(loader);
    }

    /** Throws unless {@code type} may travel by name; remembers it for reading back. */
    void check(Class<?> type) {
        String why = whyNot(type);
        if (why != null) {
            throw refused(type.getName(), why);
        }
        written.put(type.getName(), type);
    }

    /** The application class {@code name}, judged before and after loading. */
    Class<?> resolve(String name) {
        Class<?> known = written.get(name);
        if (known != null) {
            return known;
        }
        Class<?> engineTask = ENGINE_TASKS.get(name);
        if (engineTask != null) {
            return engineTask;
        }
        if (loader == null) {
            throw refused(name, "not a class this JVM wrote");
        }
        String why = whyNotByName(name);
        if (why != null) {
            throw refused(name, why);
        }
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw refused(name, "not in the application's jar");
        }
        check(type);
        return type;
    }

    private String whyNotByName(String name) {
        if (!isBinaryName(name)) {
            return "not a class name";
        }
        String file = name.replace('.', '/') + ".class";
        if (ClassLoader.getPlatformClassLoader().getResource(file) != null) {
            return JDK;
        }
        String root = EngineClassPath.rootOf(loader.getResource(file), file);
        if (root != null && root.startsWith("jrt:")) {
            return JDK;
        }
        if (root != null && EngineClassPath.ROOTS.contains(root)) {
            return engines(root);
        }
        return null;
    }

    private static String whyNot(Class<?> type) {
        if (ENGINE_TASKS.get(type.getName()) == type) {
            return null;
        }
        if (type.getModule().isNamed()) {
            return type.getClassLoader() == null || type.getClassLoader() == ClassLoader.getPlatformClassLoader()
                    || type.getModule().getLayer() == ModuleLayer.boot()
                    ? JDK : "in module " + type.getModule().getName() + ", not one of the application's class-path classes";
        }
        if (type.isArray() || type.isPrimitive() || type.isHidden()) {
            return "an array, primitive or hidden class, which cannot travel by name";
        }
        String root = EngineClassPath.rootOf(type);
        if (root != null && EngineClassPath.ROOTS.contains(root)) {
            return engines(root);
        }
        return null;
    }

    private static String engines(String root) {
        return "the engine's own (" + root + "), not one of the application's classes";
    }

    /** A binary class name: dot-separated Java identifiers (no array, no slash, no empty part). */
    private static boolean isBinaryName(String name) {
        if (name == null || name.isEmpty() || name.length() > 1000) {
            return false;
        }
        boolean start = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (start) {
                    return false;
                }
                start = true;
            } else if (!Character.isIdentifierIgnorable(c)
                    && (start ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c))) {
                start = false;
            } else {
                return false;
            }
        }
        return !start;
    }

    /** {@code why} completes "name is ...". */
    static InvalidApplicationException refused(String name, String why) {
        return new InvalidApplicationException(name + " is " + why);
    }
}
