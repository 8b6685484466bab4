package org.paramlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.paramlab.data.Dataset;
import org.paramlab.layers.Dense;
import org.paramlab.losses.MeanSquaredError;
import org.paramlab.optim.SGD;
import org.paramlab.train.EpochInfo;
import org.paramlab.train.History;
import org.paramlab.train.StepInfo;
import org.paramlab.train.Trainer;

class TrainingProgressTest {

    /** A clock the test moves by hand, in milliseconds. */
    private static final class FakeClock {
        long millis;

        long nanos() {
            return millis * 1_000_000L;
        }
    }

    private static StepInfo step(int epoch, int step, double loss, long elapsedMillis) {
        return new StepInfo(epoch, 2, step, 10, loss, Duration.ofMillis(elapsedMillis));
    }

    @Test
    void updatesAreThrottledToOnePerInterval() {
        FakeClock clock = new FakeClock();
        List<Object> shown = new ArrayList<>();
        TrainingProgress progress = new TrainingProgress(shown::add, Duration.ofMillis(100), clock::nanos);

        long[] times = {0, 50, 99, 100, 150, 199, 200, 201};
        for (int i = 0; i < times.length; i++) {
            clock.millis = times[i];
            progress.onStep(step(1, i + 1, 1.0, times[i]));
        }
        assertEquals(3, shown.size(), "sent at 0, 100 and 200 ms only");
        assertEquals(3, progress.updatesSent());
        assertTrue(shown.get(0) instanceof HtmlView);
    }

    @Test
    void theLastStepAndLastEpochAlwaysGetThrough() {
        FakeClock clock = new FakeClock(); // never moves: only forced updates pass after the first
        List<Object> shown = new ArrayList<>();
        TrainingProgress progress = new TrainingProgress(shown::add, Duration.ofMillis(100), clock::nanos);
        progress.onStep(step(1, 1, 2.0, 0));
        progress.onStep(step(1, 2, 1.9, 0));
        progress.onEpoch(new EpochInfo(1, 2, 1.5, 1.6, null, Double.NaN, Double.NaN, Duration.ZERO));
        assertEquals(1, shown.size());
        progress.onStep(step(2, 10, 0.5, 0)); // last step of the run
        assertEquals(2, shown.size());
        progress.onEpoch(new EpochInfo(2, 2, 0.4, 0.45, "accuracy", 0.9, 0.875, Duration.ofSeconds(3)));
        assertEquals(3, shown.size());
        HtmlView last = (HtmlView) shown.get(2);
        assertEquals("training finished: 2/2 epochs · train loss 0.4000 · validation loss 0.4500"
                + " · train accuracy 0.9000 · validation accuracy 0.8750", last.text());
        assertTrue(last.html().contains("width:100%"), last.html());
    }

    @Test
    void htmlShowsEtaWhileRunningButTextHasNoTimes() {
        TrainingProgress progress = new TrainingProgress(null, Duration.ZERO, () -> 0L);
        // 5 of 20 steps done after 10 s: 15 steps left at 2 s each = 30 s
        progress.onStep(step(1, 5, 0.1234567, 10_000));
        HtmlView view = progress.view();
        assertTrue(view.html().contains("elapsed 0:10 · ETA 0:30"), view.html());
        assertTrue(view.html().contains("epoch 1/2 · step 5/10 · batch loss 0.1235"), view.html());
        assertTrue(view.html().contains("width:25%"), view.html());
        assertFalse(view.text().matches(".*\\d+:\\d\\d.*"), "no clock times in text: " + view.text());
        assertEquals(view.text(), view.toString());
    }

    @Test
    void helpersFormatClockAndNumbers() {
        assertEquals("1:15", TrainingProgress.clock(Duration.ofSeconds(75)));
        assertEquals("1:02:05", TrainingProgress.clock(Duration.ofSeconds(3725)));
        assertEquals("0.5000", TrainingProgress.number(0.5));
        assertEquals("1.000e-06", TrainingProgress.number(1e-6));
        assertEquals("NaN", TrainingProgress.number(Double.NaN));
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot;", TrainingProgress.escape("a <b> & \"c\""));
    }

    /** y = 2x + 1 on four points: a real Trainer drives the listener. */
    private static History train(float learningRate, TrainingProgress progress) {
        FMatrixRMaj x = new FMatrixRMaj(new float[][] {{0}, {1}, {2}, {3}});
        FMatrixRMaj y = new FMatrixRMaj(new float[][] {{1}, {3}, {5}, {7}});
        Dense dense = new Dense("dense", 1, 1, 7L);
        return new Trainer(dense, new MeanSquaredError(), new SGD(dense.parameters(), learningRate))
                .epochs(5).batchSize(2).seed(1).listener(progress).fit(Dataset.of(x, y));
    }

    @Test
    void finalTextIsTheSameWhateverTheClockSays() {
        List<Object> fast = new ArrayList<>();
        List<Object> slow = new ArrayList<>();
        long[] tick = {0};
        train(0.05f, new TrainingProgress(fast::add, Duration.ofMillis(100), () -> 0L));
        train(0.05f, new TrainingProgress(slow::add, Duration.ofMillis(100), () -> tick[0] += 1_000_000_000L));
        assertTrue(slow.size() > fast.size(), "a slow clock lets every update through, a stopped one only the forced ones");
        String fastText = fast.get(fast.size() - 1).toString();
        assertEquals(fastText, slow.get(slow.size() - 1).toString());
        assertTrue(fastText.startsWith("training finished: 5/5 epochs · train loss "), fastText);
    }

    @Test
    void theEndOfARunShowsWhyItStoppedEarlyWithoutCallingFinish() {
        List<Object> shown = new ArrayList<>();
        TrainingProgress progress = new TrainingProgress(shown::add, Duration.ofMillis(100), () -> 0L);
        History history = train(1e6f, progress); // a huge learning rate makes the loss blow up
        assertTrue(history.diverged(), "test setup: this run should diverge, got " + history.message());
        HtmlView last = (HtmlView) shown.get(shown.size() - 1);
        assertTrue(last.text().startsWith("training stopped (diverged)"), last.text());
        assertTrue(last.text().contains(history.message()), last.text());
        assertTrue(last.html().contains("#d62728"), "a stopped run is drawn red: " + last.html());

        long sent = progress.updatesSent();
        progress.finish(history);             // what older notebooks still do after fit
        progress.finish(history);
        assertEquals(sent, progress.updatesSent(), "finish after the trainer's onEnd sends nothing new");
        assertEquals(last, shown.get(shown.size() - 1));
    }

    @Test
    void finishByHandStillWorksWithoutATrainer() {
        List<Object> shown = new ArrayList<>();
        TrainingProgress progress = new TrainingProgress(shown::add, Duration.ofMillis(100), () -> 0L);
        progress.onEpoch(new EpochInfo(1, 3, 0.5, Double.NaN, null, Double.NaN, Double.NaN, Duration.ZERO));
        History history = train(1e6f, new TrainingProgress()); // any stopped-early history
        progress.finish(history);
        progress.finish(history);
        assertEquals(2, shown.size(), "the epoch, then the end state once");
        assertTrue(shown.get(1).toString().startsWith("training stopped (diverged): 1/3 epochs · train loss 0.5000 — "),
                shown.get(1).toString());
    }

    @Test
    void aCompletedRunEndsWithOneFinalViewNotTwo() {
        List<Object> shown = new ArrayList<>();
        TrainingProgress progress = new TrainingProgress(shown::add, Duration.ofMillis(100), () -> 0L);
        History history = train(0.05f, progress);
        assertTrue(history.completed(), history.message());
        // a stopped clock lets through the first step, the last step and the last epoch; onEnd adds nothing new
        assertEquals(3, shown.size(), shown.toString());
        progress.finish(history);
        assertEquals(3, shown.size(), "idempotent");
    }

    @Test
    void liveLossPlotRedrawsPerEpochThrottledAndAlwaysAtTheEnd() throws Exception {
        List<Object> shown = new ArrayList<>();
        LiveLossPlot live = new LiveLossPlot("Loss", shown::add, Duration.ofMillis(100), () -> 0L);
        assertEquals("scatter", PlotlyJsonTest.parse(live.figure()).get("data").get(0).get("type").asText(),
                "an empty chart can be displayed before training starts");
        for (int e = 1; e <= 4; e++) {
            live.onEpoch(new EpochInfo(e, 4, 1.0 / e, 1.2 / e, null, Double.NaN, Double.NaN, Duration.ZERO));
        }
        assertEquals(2, shown.size(), "the first epoch, then (clock stopped) only the last");
        var json = PlotlyJsonTest.parse((tech.tablesaw.plotly.components.Figure) shown.get(1));
        assertEquals(2, json.get("data").size(), "train and validation");
        assertEquals(4, json.get("data").get(0).get("y").size());
        assertEquals(0.25, json.get("data").get(0).get("y").get(3).asDouble(), 1e-12);
    }

    @Test
    void liveLossPlotDrawsTheFinalChartWhenTheRunEnds() throws Exception {
        List<Object> shown = new ArrayList<>();
        LiveLossPlot live = new LiveLossPlot("Loss", shown::add, Duration.ofMillis(100), () -> 0L);
        FMatrixRMaj x = new FMatrixRMaj(new float[][] {{0}, {1}, {2}, {3}});
        FMatrixRMaj y = new FMatrixRMaj(new float[][] {{1}, {3}, {5}, {7}});
        Dense dense = new Dense("dense", 1, 1, 7L);
        Thread.currentThread().interrupt();   // stops the run before its first epoch
        History history;
        try {
            history = new Trainer(dense, new MeanSquaredError(), new SGD(dense.parameters(), 0.05f))
                    .epochs(5).listener(live).fit(Dataset.of(x, y));
        } finally {
            Thread.interrupted();
        }
        assertTrue(history.interrupted(), history.message());
        assertEquals(1, shown.size(), "onEnd drew the (empty) final chart although no epoch finished");

        List<Object> shownFull = new ArrayList<>();
        LiveLossPlot full = new LiveLossPlot("Loss", shownFull::add, Duration.ofMillis(100), () -> 0L);
        History completed = new Trainer(dense, new MeanSquaredError(), new SGD(dense.parameters(), 0.05f))
                .epochs(5).listener(full).fit(Dataset.of(x, y));
        assertEquals(2, shownFull.size(), "first epoch, last epoch; onEnd adds nothing new");
        full.finish(completed);
        assertEquals(2, full.updatesSent(), "finish by hand after the run is idempotent");
        var json = PlotlyJsonTest.parse((tech.tablesaw.plotly.components.Figure) shownFull.get(1));
        assertEquals(5, json.get("data").get(0).get("y").size());
    }
}
