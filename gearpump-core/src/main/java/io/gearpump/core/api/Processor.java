package io.gearpump.core.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * A node of the graph: a task class and how many tasks of it run. Processors are compared by
 * identity, so two processors with the same class are two nodes.
 *
 * <p>The task class is checked here, so a mistake shows where the processor is declared: it must be
 * a public, concrete class (static if nested) with a public constructor
 * {@code (TaskContext, UserConfig)}.
 */
public final class Processor implements Graph.Element {

    private final Class<? extends Task> taskClass;
    private final int parallelism;
    private final String description;
    private final UserConfig config;

    private Processor(Class<? extends Task> taskClass, int parallelism, String description, UserConfig config) {
        this.taskClass = taskClass;
        this.parallelism = parallelism;
        this.description = description;
        this.config = config;
    }

    public static Processor of(Class<? extends Task> taskClass, int parallelism) {
        return of(taskClass, parallelism, null, UserConfig.empty());
    }

    public static Processor of(Class<? extends Task> taskClass, int parallelism, String description) {
        return of(taskClass, parallelism, description, UserConfig.empty());
    }

    /** A processor; {@code description} defaults to the class's simple name when null or blank. */
    public static Processor of(Class<? extends Task> taskClass, int parallelism, String description,
                               UserConfig config) {
        if (taskClass == null) {
            throw new InvalidApplicationException("a processor needs a task class, got null");
        }
        String name = description == null || description.isBlank() ? taskClass.getSimpleName() : description;
        if (parallelism < 1) {
            throw new InvalidApplicationException(
                    "processor '" + name + "': parallelism must be at least 1, was " + parallelism);
        }
        checkTaskClass(name, taskClass);
        return new Processor(taskClass, parallelism, name, config == null ? UserConfig.empty() : config);
    }

    /** This processor's settings changed; the result is a new node. */
    public Processor withParallelism(int newParallelism) {
        return of(taskClass, newParallelism, description, config);
    }

    public Processor withConfig(UserConfig newConfig) {
        return of(taskClass, parallelism, description, newConfig);
    }

    /** An edge to {@code next} with the default (hash) partitioner. */
    public Path to(Processor next) {
        return new Path(List.of(), this).to(next);
    }

    public Path to(Partitioner partitioner, Processor next) {
        return new Path(List.of(), this).to(partitioner, next);
    }

    public Class<? extends Task> taskClass() {
        return taskClass;
    }

    public int parallelism() {
        return parallelism;
    }

    public String description() {
        return description;
    }

    public UserConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return description + "(" + taskClass.getName() + " x" + parallelism + ")";
    }

    private static void checkTaskClass(String name, Class<?> c) {
        String problem = null;
        if (!Task.class.isAssignableFrom(c)) {
            problem = "does not extend " + Task.class.getName();
        } else if (!Modifier.isPublic(c.getModifiers())) {
            problem = "is not public; the engine can only create public task classes";
        } else if (Modifier.isAbstract(c.getModifiers())) {
            problem = "is abstract";
        } else if (c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers())) {
            problem = "is an inner class; declare it static";
        } else if (!hasTaskConstructor(c)) {
            problem = "has no public constructor (TaskContext, UserConfig)";
        }
        if (problem != null) {
            throw new InvalidApplicationException("processor '" + name + "': task class " + c.getName() + " " + problem);
        }
    }

    private static boolean hasTaskConstructor(Class<?> c) {
        try {
            Constructor<?> ctor = c.getConstructor(TaskContext.class, UserConfig.class);
            return Modifier.isPublic(ctor.getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
