package org.paramlab.plot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A tablesaw {@link Figure} with extra Plotly layout attributes that tablesaw's {@link Layout}
 * cannot express: {@code sliders}, axis {@code automargin} and {@code tickangle}, category axes,
 * fixed ranges. {@link PlotlyJson} merges them into the layout it writes (nested objects are merged
 * key by key, so {@code {"xaxis": {"automargin": true}}} keeps the axis title).
 * See https://plotly.com/javascript/reference/layout/.
 */
public class PlotlyFigure extends Figure {

    private final Map<String, Object> layoutExtras;

    public PlotlyFigure(Layout layout, Map<String, Object> layoutExtras, Trace... traces) {
        super(layout, traces);
        this.layoutExtras = new LinkedHashMap<>(layoutExtras);
    }

    /** The extra layout attributes (read-only). */
    public Map<String, Object> layoutExtras() {
        return Collections.unmodifiableMap(layoutExtras);
    }
}
