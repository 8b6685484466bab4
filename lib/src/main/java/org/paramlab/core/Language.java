package org.paramlab.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The language of the words the library itself prints: table titles and column headers, figure
 * titles, axes and legends, and the messages of a training run. English unless a notebook asks
 * otherwise; the Chinese edition's first code cell says
 *
 * <pre>{@code
 * Language.use("zh");   // the English edition: Language.use("en")
 * }</pre>
 *
 * so the two editions of a notebook differ only in that string. The switch holds for the whole
 * kernel (one notebook per kernel) until it is called again.
 *
 * <p>The library writes each label in English, {@code label("accuracy")}, and a label with numbers
 * as a format pattern, {@code label("model summary: %s parameters", count)}. In Chinese the label is
 * looked up in {@code labels-zh.tsv} beside this class: one line per label, the English and the
 * Chinese separated by a tab, the terms those of {@code notebooks/glossary.md}. A label the file
 * lacks prints in English (a JUnit test checks that none is missing).
 *
 * <p>Error messages stay in English: they name classes, methods and shapes, as the code does.
 * A table's columns are named in the language of the moment it was made, so in the Chinese
 * edition a column is read by its Chinese name, e.g. {@code report.doubleColumn("精度")}.
 */
public enum Language {

    /** English, the default. */
    ENGLISH("en"),
    /** Simplified Chinese, as zh.d2l.ai writes it. */
    CHINESE("zh");

    /** The file of Chinese labels, a resource beside this class. */
    static final String CHINESE_LABELS = "labels-zh.tsv";

    private static volatile Language current = ENGLISH;
    private static volatile Map<String, String> chinese;   // read on first use

    private final String code;

    Language(String code) {
        this.code = code;
    }

    /** The short code of this language: "en" or "zh". */
    public String code() {
        return code;
    }

    /**
     * Prints the library's labels in this language from now on: {@code "en"} (English) or
     * {@code "zh"} (Chinese; {@code "zh-CN"} and {@code "zh_CN"} are accepted too).
     */
    public static void use(String code) {
        current = of(code);
    }

    /** The language labels are printed in now. */
    public static Language current() {
        return current;
    }

    /** The language of a code such as "en" or "zh" (case and region ignored). */
    public static Language of(String code) {
        if (code != null) {
            String base = code.strip().toLowerCase(Locale.ROOT).split("[-_]")[0];
            for (Language language : values()) {
                if (language.code.equals(base)) {
                    return language;
                }
            }
        }
        throw new IllegalArgumentException("Language.use: unknown language '" + code
                + "'; use \"en\" (English) or \"zh\" (Chinese)");
    }

    /** A label in the current language: the English itself, or its Chinese from labels-zh.tsv. */
    public static String label(String english) {
        return current.text(english);
    }

    /**
     * A label with numbers or names in it: the pattern in the current language, filled in as
     * {@link String#format} does (Locale.ROOT, so 0.5 is written with a point).
     */
    public static String label(String englishPattern, Object... args) {
        return String.format(Locale.ROOT, label(englishPattern), args);
    }

    /** {@code english} in this language (not necessarily the current one). */
    public String text(String english) {
        if (this == ENGLISH || english == null) {
            return english;
        }
        return chineseLabels().getOrDefault(english, english);
    }

    /** Every Chinese label, English first, in the order of labels-zh.tsv (read once). */
    public static Map<String, String> chineseLabels() {
        Map<String, String> labels = chinese;
        if (labels == null) {
            labels = Collections.unmodifiableMap(read(CHINESE_LABELS));
            chinese = labels;
        }
        return labels;
    }

    /** Reads "English\tChinese" lines; blank lines and lines starting with # are left out. */
    static Map<String, String> read(String resource) {
        Map<String, String> labels = new LinkedHashMap<>();
        try (InputStream in = Language.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Language: the resource " + resource + " is missing beside "
                        + Language.class.getName());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", -1);
                if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                    throw new IllegalStateException(resource + " line " + number
                            + ": expected 'English<TAB>Chinese', got '" + line + "'");
                }
                if (labels.put(parts[0], parts[1]) != null) {
                    throw new IllegalStateException(resource + " line " + number + ": '" + parts[0]
                            + "' is listed twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Language: cannot read " + resource, e);
        }
        return labels;
    }
}
