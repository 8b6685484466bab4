package org.paramlab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paramlab.compress.Pruning;
import org.paramlab.compress.Sparsity;
import org.paramlab.data.Dataset;
import org.paramlab.io.ModelFile;
import org.paramlab.layers.Dense;
import org.paramlab.layers.ReLU;
import org.paramlab.layers.Sequential;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.optim.SGD;
import org.paramlab.plot.HistogramChart;
import org.paramlab.plot.LossCurves;
import org.paramlab.plot.PlotlyJson;
import org.paramlab.summary.HealthCheck;
import org.paramlab.summary.ModelSummary;
import org.paramlab.summary.TextTable;
import org.paramlab.train.History;
import org.paramlab.train.Sweep;
import org.paramlab.train.Trainer;

import tech.tablesaw.api.Table;

/** What a learner of the Chinese edition sees: the library's tables, figures and messages in Chinese. */
class ChineseLabelsTest {

    @TempDir
    Path dir;

    @AfterEach
    void backToEnglish() {
        Language.use("en");
    }

    /** 3 classes; class c has its feature c large. */
    private static Dataset data(int n, long seed) {
        FMatrixRMaj x = new FMatrixRMaj(n, 3);
        int[] labels = new int[n];
        Random rng = new Random(seed);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int f = 0; f < 3; f++) {
                x.set(i, f, (float) (0.3 * rng.nextGaussian() + (f == labels[i] ? 1 : 0)));
            }
        }
        return Dataset.ofClasses(x, labels, "零", "一", "二");
    }

    private static Sequential model() {
        return new Sequential(new Dense("hidden", 3, 4, 1), new ReLU(), new Dense("output", 4, 3, 2));
    }

    private static History train(Sequential model) {
        return new Trainer(model, new SoftmaxCrossEntropy(), new SGD(model.parameters(), 0.1f))
                .epochs(2).batchSize(10).seed(1).fit(data(30, 1), data(15, 2));
    }

    @Test
    void historyTableAndMessageInChinese() {
        Language.use("zh");
        History history = train(model());
        Table table = history.toTable();
        assertEquals(List.of("迭代周期", "训练损失", "验证损失", "训练精度", "验证精度"), table.columnNames());
        assertEquals("训练历史（完成，2 / 2 个迭代周期）", table.name());
        assertEquals("训练完成，共 2 个迭代周期", history.message());
        String text = history.toString();
        assertTrue(text.startsWith("迭代周期"), text);
        assertTrue(text.endsWith("训练完成，共 2 个迭代周期"), text);
    }

    @Test
    void theSameRunInEnglishPrintsWhatItAlwaysDid() {
        History history = train(model());
        assertEquals(List.of("epoch", "train_loss", "validation_loss", "train_accuracy", "validation_accuracy"),
                history.toTable().columnNames());
        assertEquals("training history (completed, 2 of 2 epochs)", history.toTable().name());
        assertEquals("training completed 2 epochs", history.message());
    }

    @Test
    void modelSummaryInChineseAlignsItsColumns() {
        Language.use("zh");
        Table summary = ModelSummary.of(model());
        assertEquals(List.of("层", "类型", "形状", "权重", "偏置", "参数", "FP32 字节数", "FP16 字节数", "INT8 字节数",
                "INT4 字节数"), summary.columnNames());
        assertEquals("模型概要：31 个参数", summary.name());
        assertEquals("合计", summary.stringColumn("层").get(summary.rowCount() - 1));
        // a Chinese character takes two columns of a fixed-width font: every line is as wide as the rule
        String[] lines = ModelSummary.text(model()).split("\n");
        int rule = lines[1].length();
        assertTrue(lines[1].matches("-+"), lines[1]);
        for (String line : lines) {
            assertTrue(TextTable.displayWidth(line) <= rule, "wider than the rule: '" + line + "'\n" + String.join("\n", lines));
        }
        assertEquals(rule, TextTable.displayWidth(lines[0].stripTrailing()) + trailingPadding(lines[0], rule));
    }

    private static int trailingPadding(String header, int rule) {
        return rule - TextTable.displayWidth(header);   // the last header may be shorter than its column
    }

    @Test
    void displayWidthCountsChineseCharactersAsTwo() {
        assertEquals(4, TextTable.displayWidth("精度"));
        assertEquals(9, TextTable.displayWidth("FP32 精度"));
        assertEquals(4, TextTable.displayWidth("（）"));
        assertEquals(5, TextTable.displayWidth("loss1"));
    }

    @Test
    void healthCheckInChineseWithItsTimeColumn() throws IOException {
        Language.use("zh");
        Sequential original = model();
        Path file = dir.resolve("m.plm");
        ModelFile.save(original, file);
        Table t = new HealthCheck(data(30, 3)).add("原始模型", original, file).table();
        assertEquals(List.of("模型", "非零参数", "文件字节数", "缩小倍数", "精度", "95% 下限", "95% 上限", "最差类别",
                "最差召回率", "一致率", "每样本微秒数"), t.columnNames());
        assertEquals("每样本微秒数", HealthCheck.timeColumn());
        assertEquals("在 30 个测试样本上的体检", t.name());
        Language.use("en");
        assertEquals(HealthCheck.TIME_COLUMN, HealthCheck.timeColumn());
    }

    @Test
    void sparsityTableInChinese() {
        Language.use("zh");
        Sequential m = model();
        Pruning.magnitude(m, 0.5, Pruning.Scope.GLOBAL);
        Table t = Sparsity.table(m);
        assertEquals(List.of("参数", "形状", "数值个数", "零的个数", "稀疏度"), t.columnNames());
        assertEquals("合计", t.stringColumn("参数").get(t.rowCount() - 1));
        String mask = Pruning.magnitude(m, 0.5, Pruning.Scope.GLOBAL).toString();
        assertEquals("剪枝掩码（2 个参数，24 个数中剪掉 12 个，稀疏度 50.0%）", mask);
        Language.use("en");
        assertEquals("PruningMask(2 parameters, 12 of 24 numbers pruned, sparsity 50.0%)",
                Pruning.magnitude(m, 0.5, Pruning.Scope.GLOBAL).toString());
    }

    @Test
    void figuresInChinese() {
        Language.use("zh");
        String losses = PlotlyJson.toJson(LossCurves.of("学习率 0.1", train(model())));
        for (String expected : List.of("\"迭代周期\"", "\"损失\"", "运行 · 训练", "运行 · 验证")) {
            assertTrue(losses.contains(expected), expected + " not in " + losses);
        }
        String histogram = PlotlyJson.toJson(HistogramChart.of("初始权重", new double[] {1, 2, 2, 3}));
        assertTrue(histogram.contains("\"数值\"") && histogram.contains("\"个数\""), histogram);
    }

    @Test
    void sweepColumnsReadByEitherName() {
        Language.use("zh");
        Sweep sweep = new Sweep("宽度", data(30, 1), data(15, 2), data(15, 3));
        Sequential m = model();
        sweep.run("宽 4", m, () -> train(m));
        assertEquals(List.of("运行", "参数", "样本数", "迭代周期数", "训练", "验证", "测试"), sweep.scores().columnNames());
        assertArrayEquals(sweep.column("parameters"), sweep.column("参数"));
        assertArrayEquals(new double[] {31}, sweep.column("参数"));
    }

    /** nb-a's and nb-d's request: a model, its parameters and a file's layout print Chinese words, the same numbers. */
    @Test
    void modelsParametersAndFileLayoutsInChineseWithTheSameNumbers() throws IOException {
        Sequential m = new Sequential(new Dense("hidden1", 64, 32, 1), new ReLU(), new Dense("output", 32, 10, 2));
        Path file = dir.resolve("digits.model");
        ModelFile.save(m, file);
        String englishModel = m.toString();
        String englishParameter = m.parameters().get(0).toString();
        Table englishLayout = ModelFile.layout(file);

        Language.use("zh");
        assertEquals("""
                Sequential(
                  (0): Dense(hidden1: 64 -> 32, 2,080 个参数)
                  (1): ReLU()
                  (2): Dense(output: 32 -> 10, 330 个参数)
                )  参数总数：2,410""", m.toString());
        assertEquals("Parameter(hidden1.weights: 权重 64x32, 2,048 个数)", m.parameters().get(0).toString());
        assertEquals("Parameter(hidden1.bias: 偏置 1x32, 32 个数)", m.parameters().get(1).toString());
        Table layout = ModelFile.layout(file);
        assertEquals(List.of("部分", "字节数", "占比"), layout.columnNames());
        assertEquals("digits.model：" + java.nio.file.Files.size(file) + " 字节", layout.name());
        assertEquals(List.of("文件头：魔数、版本、长度、个数", "hidden1.weights：名称、作用、形状",
                "hidden1.weights：2048 个数值（64x32，float32）"), layout.stringColumn("部分").asList().subList(0, 3));
        assertEquals("校验和：CRC32", layout.stringColumn("部分").get(layout.rowCount() - 1));
        assertArrayEquals(englishLayout.longColumn(1).asLongArray(), layout.longColumn(1).asLongArray());

        // every number the English prints, the Chinese prints as the same token, in the same order
        assertEquals(numbers(englishModel), numbers(m.toString()));
        assertEquals(numbers(englishParameter), numbers(m.parameters().get(0).toString()));
        assertEquals(numbers(englishLayout.name() + englishLayout.stringColumn(0).asList()),
                numbers(layout.name() + layout.stringColumn(0).asList()));
    }

    @Test
    void aCompactFileLayoutInChinese() throws IOException {
        Language.use("zh");
        Sequential m = model();
        Path file = dir.resolve("int4.plm");
        org.paramlab.compress.Quantizer.int4().groupsOf(2).quantize(m).save(file);
        List<String> parts = ModelFile.layout(file).stringColumn("部分").asList();
        assertTrue(parts.contains("hidden.weights：名称、作用、形状、类型"), parts.toString());
        assertTrue(parts.stream().anyMatch(p -> p.matches("hidden\\.weights：\\d+ 个 FP16 缩放因子")), parts.toString());
        assertTrue(parts.stream().anyMatch(p -> p.matches("hidden\\.weights：12 个数值（3x4，INT4.*）")), parts.toString());
    }

    @Test
    void gradientChecksAndEarlyStoppingInChinese() {
        Language.use("zh");
        FMatrixRMaj probe = org.paramlab.check.GradientCheck.random(new Random(1), 4, 3, 2f);
        String report = org.paramlab.check.GradientCheck.layer(new Dense("d", 3, 2, 1), probe, 1).toString();
        assertTrue(report.matches("层“d”的梯度检验：全部 20 个梯度都与中心差分一致（\\|反向传播 − 数值估计\\| 最大为 \\S+）"), report);
        String stopper = new org.paramlab.train.EarlyStopping(model(), 5).toString();
        assertEquals("EarlyStopping(patience=5，恢复最佳迭代周期的参数)", stopper);
        Language.use("en");
        assertEquals("EarlyStopping(patience=5, restores the best epoch)", new org.paramlab.train.EarlyStopping(model(), 5).toString());
    }

    private static List<String> numbers(String text) {
        return java.util.regex.Pattern.compile("\\d+(?:[.,]\\d+)*").matcher(text).results().map(r -> r.group()).toList();
    }
}
