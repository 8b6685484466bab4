package org.paramlab.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * The display functions a notebook calls, imported into every cell (IJava/JJava compatible):
 * <pre>
 *   String id = display(table);       // show now, get a display id
 *   updateDisplay(id, newerTable);    // replace that output in place (live progress)
 *   render(figure, "text/html")       // choose the MIME types
 * </pre>
 */
public final class Display {

    private static volatile DisplaySink sink = DisplaySink.PRINTING;

    private Display() {
    }

    /** Where displays go: the running kernel, or standard output when there is none (tests). */
    public interface DisplaySink {
        DisplaySink PRINTING = new DisplaySink() {
            @Override
            public String display(Object value, String... mimeTypes) {
                System.out.println(value);
                return "";
            }

            @Override
            public void updateDisplay(String id, Object value, String... mimeTypes) {
                System.out.println(value);
            }

            @Override
            public DisplayData render(Object value, String... mimeTypes) {
                return new DisplayData(String.valueOf(value));
            }
        };

        String display(Object value, String... mimeTypes);

        void updateDisplay(String id, Object value, String... mimeTypes);

        DisplayData render(Object value, String... mimeTypes);
    }

    public static void useSink(DisplaySink newSink) {
        sink = newSink;
    }

    /** Shows {@code value} below the cell now; returns its display id for {@link #updateDisplay}. */
    public static String display(Object value) {
        return sink.display(value);
    }

    /** Shows {@code value} as the given MIME types only (e.g. "text/plain"). */
    public static String display(Object value, String... mimeTypes) {
        return sink.display(value, mimeTypes);
    }

    /** Replaces the output shown under {@code id} with {@code value}. */
    public static void updateDisplay(String id, Object value) {
        sink.updateDisplay(id, value);
    }

    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        sink.updateDisplay(id, value, mimeTypes);
    }

    /** Renders {@code value} as the given MIME types; as a cell's last expression it is shown. */
    public static DisplayData render(Object value, String... mimeTypes) {
        return sink.render(value, mimeTypes);
    }
}
