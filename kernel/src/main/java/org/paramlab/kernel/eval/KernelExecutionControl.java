package org.paramlab.kernel.eval;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JShell's in-process execution ({@link LocalExecutionControl}) with three additions:
 * <ul>
 *   <li>the value of a variable is kept as a real object, so renderers can see a {@code Table};</li>
 *   <li>{@code System.exit} in cell code is redirected to {@link ExitGuard};</li>
 *   <li>code that a running cell evaluates (e.g. a {@code %load} magic) runs directly on the cell's
 *       thread instead of waiting for that very thread to finish.</li>
 * </ul>
 * Stopping a cell is polite first: the cell's thread is interrupted, which ends {@code Thread.sleep},
 * reading input and the library's training loop (it returns its history, marked interrupted).
 * Code that does not react is then stopped by JShell: {@code Thread.stop} on JDK 17, and on
 * JDK 22+ a cancellation check JShell compiles into every loop of cell code.
 */
public final class KernelExecutionControl extends LocalExecutionControl {

    /** How many cell invocations are running: more than one means cell code is evaluating code. */
    private final AtomicInteger runningInvocations = new AtomicInteger();
    private volatile Object lastValue;
    private volatile Field lastField;

    @Override
    public void load(ClassBytecodes[] classes)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] guarded = Arrays.stream(classes)
                .map(c -> new ClassBytecodes(c.name(), ExitCallRewriter.rewrite(c.bytecodes())))
                .toArray(ClassBytecodes[]::new);
        super.load(guarded);
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        if (runningInvocations.incrementAndGet() > 1) {
            try {
                return valueString(doit.invoke(null)); // nested evaluation from cell code
            } finally {
                runningInvocations.decrementAndGet();
            }
        }
        try {
            if (cellStopped) {
                throw new StoppedException(); // stopped while JShell compiled this snippet: it does not start
            }
            return super.invoke(doit);
        } finally {
            runningInvocations.decrementAndGet();
            releaseCellThreadGroups();
        }
    }

    /** The name LocalExecutionControl gives the thread group it runs a cell in. */
    private static final String CELL_GROUP = "JShell process local execution";

    /**
     * JDK 17's LocalExecutionControl runs every cell in a new thread group and never destroys it.
     * Before JDK 19 a parent group holds its child groups until they are destroyed, so each cell
     * would leave one group behind for ever. Once a cell has finished, its group is destroyed. A
     * group whose threads outlive the cell (a background thread the cell started) is made a daemon
     * group instead, which destroys itself when its last thread ends. From JDK 19 on, thread
     * groups are collected like other objects and these calls do nothing.
     */
    @SuppressWarnings("removal") // ThreadGroup.destroy and setDaemon: still needed on JDK 17
    private static void releaseCellThreadGroups() {
        if (Runtime.version().feature() >= 19) {
            return;
        }
        ThreadGroup parent = Thread.currentThread().getThreadGroup();
        ThreadGroup[] children = new ThreadGroup[parent.activeGroupCount() + 4];
        int count = parent.enumerate(children, false);
        for (int i = 0; i < count; i++) {
            ThreadGroup group = children[i];
            if (CELL_GROUP.equals(group.getName()) && !group.isDestroyed()) {
                group.setDaemon(true);
                try {
                    group.destroy();
                } catch (IllegalThreadStateException stillRunning) {
                    // a thread of the cell still runs: the daemon group goes when that thread ends
                }
            }
        }
    }

    /** How long interrupted cell code gets to finish by itself before it is forced to stop. */
    private static final long POLITE_STOP_MILLIS = 500;

    /**
     * Set by {@link #stop()} until the cell ends ({@link #cellStarts()}): a stop that comes while
     * JShell compiles a cell's next snippet, when no snippet runs, still stops that snippet.
     */
    private volatile boolean cellStopped;

    /** A new cell begins: a stop meant for an earlier one does not apply to it. */
    void cellStarts() {
        cellStopped = false;
    }

    @Override
    public void stop() throws EngineTerminationException, InternalException {
        cellStopped = true;
        if (runningInvocations.get() == 0) {
            return;
        }
        // the snippet's thread may not have started yet when the stop comes: threads that appear
        // while we wait are interrupted too, each once
        Set<Thread> interrupted = new HashSet<>();
        long deadline = System.currentTimeMillis() + POLITE_STOP_MILLIS;
        while (runningInvocations.get() > 0 && System.currentTimeMillis() < deadline) {
            for (Thread thread : cellThreads()) {
                if (interrupted.add(thread)) {
                    thread.interrupt();
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (runningInvocations.get() > 0) {
            super.stop();
        }
    }

    /** The threads running cell code: LocalExecutionControl starts them in its own thread group. */
    private static java.util.List<Thread> cellThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getThreadGroup() != null && t.getThreadGroup().getName().startsWith(CELL_GROUP))
                .toList();
    }

    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        try {
            lastValue = null;
            lastField = null;
            Field field = findClass(className).getField(varName);
            field.setAccessible(true); // the wrapper class JShell generates is not public
            lastValue = field.get(null);
            lastField = field;
            return valueString(lastValue);
        } catch (ReflectiveOperationException e) {
            throw new InternalException(e.toString());
        }
    }

    /** Sets the variable last read by {@code varValue} to null, so its object can be garbage collected. */
    void clearLastVariable() {
        try {
            if (lastField != null) {
                lastField.set(null, null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a primitive or final field: nothing large to release
        }
    }

    /** The object behind the last {@code varValue} call. */
    public Object lastValue() {
        return lastValue;
    }

    /** Creates the control and hands it to the evaluator that asked for it. */
    static final class Provider implements ExecutionControlProvider {
        private volatile KernelExecutionControl created;

        @Override
        public String name() {
            return "paramlab-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            created = new KernelExecutionControl();
            return created;
        }

        KernelExecutionControl created() {
            return created;
        }
    }
}
