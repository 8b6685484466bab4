package org.paramlab.kernel.eval;

/**
 * Cell code that calls {@code System.exit} calls {@link #exit(int)} instead (see
 * {@link ExitCallRewriter}): the kernel is the user's whole session, so one stray
 * {@code System.exit} must not end it silently.
 */
public final class ExitGuard {

    private ExitGuard() {
    }

    public static void exit(int status) {
        throw new ExitAttempted(status);
    }

    /** An Error rather than an Exception, so a broad {@code catch (Exception e)} in a cell does not hide it. */
    public static final class ExitAttempted extends Error {
        private static final long serialVersionUID = 1L;

        public ExitAttempted(int status) {
            super("System.exit(" + status + ") was called in a cell. The kernel keeps running with its state;"
                    + " use Kernel > Restart Kernel to start afresh.");
        }
    }
}
