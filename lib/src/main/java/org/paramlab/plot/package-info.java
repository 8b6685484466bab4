/**
 * Charts for the notebooks, each a tablesaw-jsplot {@code Figure} that the ParamLab kernel shows
 * inline and offline (as {@code application/vnd.plotly.v1+json}):
 * <ul>
 *   <li>{@link org.paramlab.plot.LossCurves} — loss per epoch, several runs, train solid / validation dashed;</li>
 *   <li>{@link org.paramlab.plot.HistogramChart} — how values spread, e.g. a layer's weights;</li>
 *   <li>{@link org.paramlab.plot.HeatmapChart} — a weight matrix, a confusion matrix, a digit image;</li>
 *   <li>{@link org.paramlab.plot.DecisionRegions} — 2-D points over the classes a model predicts;</li>
 *   <li>{@link org.paramlab.plot.BarChart} — parameters per layer, bytes per precision, any named values;</li>
 *   <li>{@link org.paramlab.plot.LineChart} — y against x, e.g. accuracy against parameter count;</li>
 *   <li>{@link org.paramlab.plot.SliderChart} — precomputed lines with a slider to move a setting
 *       (a weight, a spread, a learning rate), drawn offline through {@link org.paramlab.plot.PlotlyFigure}.</li>
 * </ul>
 * While training runs: {@link org.paramlab.plot.TrainingProgress} (a progress bar with loss and ETA)
 * and {@link org.paramlab.plot.LiveLossPlot} (a loss chart growing per epoch), both
 * {@code TrainingListener}s that push updates through a callback such as
 * {@code view -> updateDisplay(id, view)}.
 *
 * <p>{@link org.paramlab.plot.PlotlyJson} turns any {@code Figure} into Plotly's JSON;
 * {@link org.paramlab.plot.PlotlyTrace} writes a trace with any Plotly attribute.
 * Class names end in "Chart" where tablesaw already has a {@code Histogram} or {@code Heatmap}
 * in {@code tech.tablesaw.plotly.api}, which notebooks import too.
 */
package org.paramlab.plot;
