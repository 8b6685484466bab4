package org.paramlab.plot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.Trace;

/**
 * The library's figure: a tablesaw {@link Figure} (so a notebook can keep it in a {@code Figure}
 * variable) whose Plotly JSON is written once, the first time it is asked for ({@link #json()}), and
 * then handed out as that same text: the kernel sends it to Jupyter as it is, for the Plotly view and
 * for the HTML fallback alike. Replacing the layout or the traces writes it afresh.
 *
 * <p>It also carries the Plotly layout attributes that tablesaw's {@link Layout} cannot express:
 * {@code sliders}, axis {@code automargin} and {@code tickangle}, category axes, fixed ranges.
 * {@link PlotlyJson} merges them into the layout it writes (nested objects are merged key by key,
 * so {@code {"xaxis": {"automargin": true}}} keeps the axis title).
 * See https://plotly.com/javascript/reference/layout/.
 */
public class PlotlyFigure extends Figure {

    private final Map<String, Object> layoutExtras;

    /** {@code {"data": [...], "layout": {...}}}, written on first use. */
    private String json;

    /** A figure with no layout attributes beyond tablesaw's. */
    public PlotlyFigure(Layout layout, Trace... traces) {
        this(layout, Map.of(), traces);
    }

    public PlotlyFigure(Layout layout, Map<String, Object> layoutExtras, Trace... traces) {
        super(layout, traces);
        this.layoutExtras = new LinkedHashMap<>(layoutExtras);
    }

    /** The extra layout attributes (read-only). */
    public Map<String, Object> layoutExtras() {
        return Collections.unmodifiableMap(layoutExtras);
    }

    /** The figure as Plotly's JSON {@code {"data": [...], "layout": {...}}}, written once. */
    public synchronized String json() {
        if (json == null) {
            json = PlotlyJson.write(this);
        }
        return json;
    }

    @Override
    public synchronized void setLayout(Layout layout) {
        super.setLayout(layout);
        json = null;
    }

    @Override
    public synchronized void setTraces(Trace... traces) {
        super.setTraces(traces);
        json = null;
    }
}
