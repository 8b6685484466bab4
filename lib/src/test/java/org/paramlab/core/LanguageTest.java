package org.paramlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paramlab.compress.Pruning;
import org.paramlab.metrics.Metrics;
import org.paramlab.metrics.Perplexity;
import org.paramlab.summary.HealthCheck;
import org.paramlab.summary.ModelSummary;
import org.paramlab.train.StopReason;

/** The switch itself, and the file of Chinese labels against the labels the library's code asks for. */
class LanguageTest {

    /** label("…") or Language.label("…"): the string literal the library passes as a label. */
    private static final Pattern LABEL_CALL = Pattern.compile("(?<![\\w.])(?:Language\\.)?label\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** The format specifiers the labels use: %s, %d, %,d, %.4f, optionally numbered (%2$d). */
    private static final Pattern SPECIFIER = Pattern.compile("%(\\d+\\$)?(,?)(\\.\\d+)?([sdf])");

    @AfterEach
    void backToEnglish() {
        Language.use("en");
    }

    @Test
    void englishUntilAskedThenChineseThenEnglishAgain() {
        assertSame(Language.ENGLISH, Language.current());
        assertEquals("accuracy", Language.label("accuracy"));
        assertEquals("model summary: 1,234 parameters", Language.label("model summary: %,d parameters", 1234));
        Language.use("zh");
        assertSame(Language.CHINESE, Language.current());
        assertEquals("精度", Language.label("accuracy"));
        assertEquals("模型概要：1,234 个参数", Language.label("model summary: %,d parameters", 1234));
        Language.use("en");
        assertEquals("accuracy", Language.label("accuracy"));
    }

    @Test
    void acceptsRegionsAndCaseAndRejectsOtherLanguagesClearly() {
        assertSame(Language.CHINESE, Language.of("zh-CN"));
        assertSame(Language.CHINESE, Language.of("ZH_cn"));
        assertSame(Language.ENGLISH, Language.of(" EN "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Language.use("fr"));
        assertEquals("Language.use: unknown language 'fr'; use \"en\" (English) or \"zh\" (Chinese)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Language.use(null));
        assertSame(Language.ENGLISH, Language.current(), "a refused code leaves the language as it was");
    }

    @Test
    void aLabelWithoutChineseStaysEnglish() {
        Language.use("zh");
        assertEquals("a label nobody translated", Language.label("a label nobody translated"));
        assertEquals("3 of them", Language.label("%d of them", 3));
    }

    /** Patterns reorder their arguments in Chinese: %2$d. */
    @Test
    void chinesePatternsMayPutTheNumbersInAnotherOrder() {
        Language.use("zh");
        assertEquals("损失在第 3 个迭代周期的第 7 步（共 10 步）变成了 NaN：更新步子太大了。",
                Language.label("loss became %s in epoch %d, step %d of %d: the updates grew too large. ", Float.NaN, 3, 7, 10));
    }

    /**
     * Every label the library's code asks for (a literal in label("…"), in lib and in the kernel, or a
     * name it passes through label(name): metric names, stop reasons...) has its Chinese, and every
     * Chinese label is asked for somewhere: the file holds no stale lines.
     */
    @Test
    void everyLabelTheCodeUsesHasItsChineseAndNoneIsStale() throws IOException {
        Set<String> used = new TreeSet<>(literalLabels());
        used.addAll(labelsPassedByName());
        Map<String, String> chinese = Language.chineseLabels();
        List<String> missing = used.stream().filter(l -> !chinese.containsKey(l)).toList();
        assertTrue(missing.isEmpty(), "labels without Chinese in " + Language.CHINESE_LABELS + ": " + missing);
        List<String> stale = chinese.keySet().stream().filter(l -> !used.contains(l)).toList();
        assertTrue(stale.isEmpty(), "lines of " + Language.CHINESE_LABELS + " no code asks for: " + stale);
        assertTrue(used.size() > 100, "found only " + used.size() + " labels: is the source scan broken?");
    }

    @Test
    void chinesePatternsTakeTheSameArgumentsAsTheEnglish() {
        List<String> wrong = new ArrayList<>();
        Language.chineseLabels().forEach((english, chinese) -> {
            if (!specifiers(english).equals(specifiers(chinese))) {
                wrong.add(english + " -> " + chinese + ": " + specifiers(english) + " vs " + specifiers(chinese));
            }
        });
        assertTrue(wrong.isEmpty(), "placeholders differ: " + wrong);
    }

    @Test
    void chineseLabelsAreChinese() {
        List<String> english = new ArrayList<>();
        Language.chineseLabels().forEach((key, value) -> {
            if (value.codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                english.add(key + " -> " + value);
            }
        });
        assertTrue(english.isEmpty(), "these 'Chinese' labels hold no Chinese character: " + english);
    }

    @Test
    void theFileIsCheckedLineByLine() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Language.read("no-such-labels.tsv"));
        assertTrue(e.getMessage().contains("no-such-labels.tsv is missing"), e.getMessage());
    }

    /** The specifiers of a pattern as "argument number:conversion", e.g. [1:s, 2:d]. */
    private static Set<String> specifiers(String pattern) {
        Set<String> found = new TreeSet<>();
        Matcher m = SPECIFIER.matcher(pattern);
        int next = 1;
        while (m.find()) {
            int index = m.group(1) != null ? Integer.parseInt(m.group(1).replace("$", "")) : next++;
            found.add(index + ":" + m.group(2) + (m.group(3) == null ? "" : m.group(3)) + m.group(4));
        }
        return found;
    }

    private static Set<String> literalLabels() throws IOException {
        Set<String> labels = new TreeSet<>();
        for (Path folder : List.of(Path.of("src/main/java"), Path.of("../kernel/src/main/java"))) {
            assertTrue(Files.isDirectory(folder) || folder.startsWith(".."), "no sources at " + folder.toAbsolutePath());
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    if (file.getFileName().toString().equals("Language.java")) {
                        continue;   // its comments show examples
                    }
                    Matcher m = LABEL_CALL.matcher(Files.readString(file));
                    while (m.find()) {
                        labels.add(m.group(1).replace("\\\\", "\\").replace("\\\"", "\""));
                    }
                }
            }
        }
        return labels;
    }

    /** Names the library turns into labels at run time: label(metric.name()), label(reason)... */
    private static Set<String> labelsPassedByName() {
        Set<String> names = new TreeSet<>(ModelSummary.COLUMNS);
        names.add(HealthCheck.TIME_COLUMN);
        names.addAll(List.of(Metrics.accuracy().name(), Metrics.mse().name(), Metrics.mae().name(),
                Perplexity.crossEntropy().name()));
        for (StopReason reason : StopReason.values()) {
            names.add(reason.name().toLowerCase(Locale.ROOT));
        }
        for (Parameter.Role role : Parameter.Role.values()) {
            names.add(role.name());
            names.add(role.name().toLowerCase(Locale.ROOT));   // Parameter.toString
        }
        for (Pruning.Scope scope : Pruning.Scope.values()) {
            names.add(scope.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        names.addAll(List.of("weights", "biases"));   // HistogramChart.of(Parameter)
        return names;
    }
}
