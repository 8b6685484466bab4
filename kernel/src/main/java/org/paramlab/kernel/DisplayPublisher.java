package org.paramlab.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.paramlab.kernel.display.Display;
import org.paramlab.kernel.display.KernelRenderers;

import java.io.PrintStream;
import java.util.UUID;

/**
 * Renders values (tables, figures, models... through {@link KernelRenderers}) and shows them:
 * the {@link Display} functions cells call ({@code display}, {@code updateDisplay}, {@code render})
 * arrive here and leave as display_data / update_display_data under the running cell.
 */
final class DisplayPublisher implements Display.DisplaySink {

    private final Renderer renderer = new Renderer();
    private final Messenger messenger;
    private final Runnable flushOutput;
    private final PrintStream log;

    DisplayPublisher(Messenger messenger, Runnable flushOutput, PrintStream log) {
        this.messenger = messenger;
        this.flushOutput = flushOutput;
        this.log = log;
        KernelRenderers.registerAll(renderer);
    }

    /** Renders and encodes a value once, so the classes the first result needs are loaded and run. */
    void warmUp() {
        Messenger.displayContent(render(2));
    }

    /** The value as display data; a renderer that fails is logged and the value shown as text. */
    @Override
    public DisplayData render(Object value, String... mimeTypes) {
        if (value == null) {
            return new DisplayData("null");
        }
        if (value instanceof DisplayData data) {
            return data;
        }
        try {
            return mimeTypes.length == 0 ? renderer.render(value) : renderer.renderAs(value, mimeTypes);
        } catch (RuntimeException e) {
            log.println("paramlab kernel: rendering failed for " + value.getClass().getName());
            e.printStackTrace(log);
            return new DisplayData(String.valueOf(value));
        }
    }

    @Override
    public String display(Object value, String... mimeTypes) {
        DisplayData data = render(value, mimeTypes);
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        data.setDisplayId(id);
        flushOutput.run(); // what the cell printed before comes first
        messenger.publish("display_data", messenger.currentRequest(), Messenger.displayContent(data));
        return id;
    }

    @Override
    public void updateDisplay(String id, Object value, String... mimeTypes) {
        DisplayData data = new DisplayData(render(value, mimeTypes));
        data.setDisplayId(id);
        messenger.publish("update_display_data", messenger.currentRequest(), Messenger.displayContent(data));
    }
}
