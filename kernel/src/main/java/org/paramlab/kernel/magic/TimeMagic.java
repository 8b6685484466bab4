package org.paramlab.kernel.magic;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.paramlab.kernel.eval.CellResult;

/**
 * {@code %time expression} and {@code %%time} (a whole cell): run the code, then print how long
 * it took on the wall clock, e.g. "Wall time: 12.3 ms". The code's value is returned, so
 * {@code %time fib(30)} still shows the result.
 */
final class TimeMagic {

    /** Line form: the arguments are the rest of the line, evaluated as Java code. */
    CellResult timeLine(KernelServices kernel, List<String> args, PrintStream out) throws Exception {
        String code = String.join(" ", args).strip();
        if (code.isEmpty()) {
            throw new MagicException("%time needs code to time on the same line, e.g. %time fib(30)."
                    + " To time a whole cell, start the cell with %%time.");
        }
        return time(() -> kernel.runJava(code), out);
    }

    /** Cell form: the cell's body below the {@code %%time} line is the code; it may use line magics too. */
    CellResult timeCell(KernelServices kernel, String body, PrintStream out) throws Exception {
        if (body.isBlank()) {
            throw new MagicException("%%time needs code below it in the same cell.");
        }
        return time(() -> kernel.runCell(body), out);
    }

    private static CellResult time(Callable<CellResult> code, PrintStream out) throws Exception {
        long start = System.nanoTime();
        try {
            return code.call();
        } finally {
            // printed even when the code fails: knowing how long a failure took is useful too
            out.println("Wall time: " + formatDuration(System.nanoTime() - start));
        }
    }

    /** A duration in a unit a reader takes in at a glance: "850 µs", "12.3 ms", "4.56 s", "2 min 5.0 s". */
    static String formatDuration(long nanos) {
        double micros = nanos / 1e3;
        double millis = nanos / 1e6;
        double seconds = nanos / 1e9;
        if (micros < 999.5) { // thresholds just below 1000 so rounding never prints "1000 µs"
            return String.format(Locale.ROOT, "%.0f µs", micros);
        } else if (millis < 999.95) {
            return String.format(Locale.ROOT, "%.1f ms", millis);
        } else if (seconds < 59.995) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        long minutes = (long) (seconds / 60);
        return String.format(Locale.ROOT, "%d min %.1f s", minutes, seconds - 60 * minutes);
    }
}
