package io.gearpump.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProcessorTest {

    public static class Good extends Task {
        public Good(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
        }
    }

    private static class PrivateTask extends Task {
        public PrivateTask(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
        }
    }

    static class PackagePrivateTask extends Task {
        public PackagePrivateTask(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
        }
    }

    public abstract static class AbstractTask extends Task {
        public AbstractTask(TaskContext context, UserConfig config) {
            super(context, config);
        }
    }

    public class InnerTask extends Task {
        public InnerTask(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
        }
    }

    public static class WrongConstructorTask extends Task {
        public WrongConstructorTask(TaskContext context) {
            super(context, UserConfig.empty());
        }

        @Override
        public void onNext(Message message) {
        }
    }

    public static class ProtectedConstructorTask extends Task {
        protected ProtectedConstructorTask(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
        }
    }

    private static String refusal(Class<? extends Task> c) {
        return assertThrows(InvalidApplicationException.class, () -> Processor.of(c, 1, "proc")).getMessage();
    }

    @Test
    void parallelismBelowOneIsRefusedNamingTheProcessor() {
        InvalidApplicationException zero = assertThrows(InvalidApplicationException.class,
                () -> Processor.of(Good.class, 0, "counter"));
        assertEquals("processor 'counter': parallelism must be at least 1, was 0", zero.getMessage());

        InvalidApplicationException negative = assertThrows(InvalidApplicationException.class,
                () -> Processor.of(Good.class, -3));
        assertEquals("processor 'Good': parallelism must be at least 1, was -3", negative.getMessage());
    }

    @Test
    void nonPublicTaskClassesAreRefused() {
        assertEquals("processor 'proc': task class " + PrivateTask.class.getName()
                + " is not public; the engine can only create public task classes", refusal(PrivateTask.class));
        assertEquals("processor 'proc': task class " + PackagePrivateTask.class.getName()
                + " is not public; the engine can only create public task classes", refusal(PackagePrivateTask.class));
    }

    @Test
    void abstractTaskClassIsRefused() {
        assertEquals("processor 'proc': task class " + AbstractTask.class.getName() + " is abstract",
                refusal(AbstractTask.class));
    }

    @Test
    void nonStaticInnerTaskClassIsRefused() {
        assertEquals("processor 'proc': task class " + InnerTask.class.getName()
                + " is an inner class; declare it static", refusal(InnerTask.class));
    }

    @Test
    void taskClassWithoutThePublicTaskConstructorIsRefused() {
        String expected = " has no public constructor (TaskContext, UserConfig)";
        assertEquals("processor 'proc': task class " + WrongConstructorTask.class.getName() + expected,
                refusal(WrongConstructorTask.class));
        assertEquals("processor 'proc': task class " + ProtectedConstructorTask.class.getName() + expected,
                refusal(ProtectedConstructorTask.class));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void classThatIsNotATaskOrNullIsRefused() {
        Class notATask = String.class;
        assertEquals("processor 'proc': task class java.lang.String does not extend " + Task.class.getName(),
                refusal(notATask));

        InvalidApplicationException nul = assertThrows(InvalidApplicationException.class,
                () -> Processor.of(null, 1));
        assertEquals("a processor needs a task class, got null", nul.getMessage());
    }

    @Test
    void descriptionDefaultsToTheSimpleClassNameAndConfigToEmpty() {
        Processor p = Processor.of(Good.class, 2, "  ", null);

        assertEquals("Good", p.description());
        assertEquals(2, p.parallelism());
        assertEquals(UserConfig.empty(), p.config());
        assertEquals(Good.class, p.taskClass());
    }

    @Test
    void withParallelismAndWithConfigMakeNewValidatedNodes() {
        Processor p = Processor.of(Good.class, 1, "work", UserConfig.empty().with("k", "v"));

        Processor wider = p.withParallelism(4);
        Processor other = p.withConfig(UserConfig.empty().with("k", "w"));

        assertNotSame(p, wider);
        assertEquals(1, p.parallelism());
        assertEquals(4, wider.parallelism());
        assertEquals("work", wider.description());
        assertEquals("v", wider.config().getString("k", null));
        assertEquals("w", other.config().getString("k", null));
        InvalidApplicationException e = assertThrows(InvalidApplicationException.class, () -> p.withParallelism(0));
        assertEquals("processor 'work': parallelism must be at least 1, was 0", e.getMessage());
    }
}
