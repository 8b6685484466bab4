package org.paramlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class DatasetsTest {

    /** The shipped datasets/ folder, found the same way the notebooks find it. */
    private static Path datasetsFolder() {
        return Datasets.find("SHA256SUMS").getParent();
    }

    private static Map<String, String> recordedChecksums() throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : Files.readAllLines(datasetsFolder().resolve("SHA256SUMS"))) {
            if (!line.isBlank()) {
                String[] parts = line.trim().split("\\s+");
                sums.put(parts[1].replaceFirst("^\\*", ""), parts[0]);
            }
        }
        return sums;
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void shippedFilesMatchRecordedChecksums() throws Exception {
        Map<String, String> sums = recordedChecksums();
        assertEquals(List.of(Datasets.SEATTLE_WEATHER_FILE, Datasets.DIGITS_FILE, Datasets.TANG_QUATRAINS_FILE,
                        Datasets.PINGSHUI_RHYMES_FILE, Datasets.FRONTIER_TRAINING_COSTS_FILE)
                        .stream().sorted().toList(),
                sums.keySet().stream().sorted().toList(), "SHA256SUMS should list exactly the shipped data files");
        for (Map.Entry<String, String> entry : sums.entrySet()) {
            Path file = datasetsFolder().resolve(entry.getKey());
            assertEquals(entry.getValue(), sha256(file), "checksum of " + file
                    + " differs from SHA256SUMS: regenerate with datasets/regenerate.py, regenerate-tang.py or regenerate-rhymes.py");
        }
    }

    @Test
    void frontierTrainingCostsHaveDatesHardwareAndDollars() {
        Table costs = Datasets.frontierTrainingCosts();
        assertEquals(44, costs.rowCount());
        assertEquals(List.of("model", "publication_date", "training_hardware", "hardware_capex_energy_usd"),
                costs.columnNames());
        assertEquals(ColumnType.LOCAL_DATE, costs.column("publication_date").type());
        // first row: AlphaGo Lee,2016-01-27,,21432.122073131133 (its hardware is not recorded: an empty string)
        assertEquals("AlphaGo Lee", costs.stringColumn("model").get(0));
        assertEquals(LocalDate.of(2016, 1, 27), costs.dateColumn("publication_date").get(0));
        assertEquals("", costs.stringColumn("training_hardware").get(0));
        // the paper's most expensive run: GPT-4, about 40 million dollars
        int gpt4 = costs.stringColumn("model").indexOf("GPT-4");
        assertEquals(40_695_706.4, costs.doubleColumn("hardware_capex_energy_usd").get(gpt4), 0.1);
        assertEquals("NVIDIA A100 SXM4 40 GB", costs.stringColumn("training_hardware").get(gpt4));
    }

    @Test
    void seattleWeatherHasTypedColumnsAndAllDays() {
        Table weather = Datasets.seattleWeather();
        assertEquals(1461, weather.rowCount());
        assertEquals(List.of("date", "precipitation", "temp_max", "temp_min", "wind", "weather"),
                weather.columnNames());
        assertEquals(ColumnType.LOCAL_DATE, weather.column("date").type());
        assertEquals(ColumnType.DOUBLE, weather.column("temp_max").type());
        assertEquals(ColumnType.STRING, weather.column("weather").type());
        assertEquals(LocalDate.of(2012, 1, 1), weather.dateColumn("date").get(0));
        assertEquals(LocalDate.of(2015, 12, 31), weather.dateColumn("date").get(1460));
        // first row of the file: 2012/01/01,0.0,12.8,5.0,4.7,drizzle
        assertEquals(12.8, weather.doubleColumn("temp_max").get(0), 1e-9);
        assertEquals("drizzle", weather.stringColumn("weather").get(0));
        assertEquals(List.of("drizzle", "fog", "rain", "snow", "sun"),
                weather.stringColumn("weather").unique().asList().stream().sorted().toList());
    }

    @Test
    void digitsHave64PixelsAndACategoricalLabel() {
        Table digits = Datasets.digits();
        assertEquals(1797, digits.rowCount());
        assertEquals(65, digits.columnCount());
        assertEquals("pixel_0_0", digits.columnNames().get(0));
        assertEquals("pixel_7_7", digits.columnNames().get(63));
        StringColumn label = digits.stringColumn("digit");
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                label.unique().asList().stream().sorted().toList());
        assertEquals("0", label.get(0));
        DoubleColumn pixel = digits.doubleColumn("pixel_3_3");
        assertTrue(pixel.min() >= 0 && pixel.max() <= 16, "pixels are ink counts 0..16");
        // first image, row 0: 0,0,5,13,9,1,0,0
        assertEquals(13.0, digits.doubleColumn("pixel_0_3").get(0), 1e-9);
        float[] pixels = Datasets.digitPixels(digits, 0);
        assertEquals(64, pixels.length);
        assertEquals(5f, pixels[2]);
        assertEquals(13f, pixels[3]);
        assertEquals(digits.doubleColumn("pixel_7_7").get(1796).floatValue(), Datasets.digitPixels(digits, 1796)[63]);
        assertThrows(IndexOutOfBoundsException.class, () -> Datasets.digitPixels(digits, 1797));
    }

    @Test
    void tangQuatrainsAreFourLinesOfFiveHanCharacters() {
        Table poems = Datasets.tangQuatrains();
        assertEquals(3509, poems.rowCount());
        assertEquals(List.of("id", "author", "title", "traditional", "simplified"), poems.columnNames());
        assertEquals(ColumnType.INTEGER, poems.column("id").type());
        assertEquals(ColumnType.STRING, poems.column("simplified").type());
        // Han = CJK Unified Ideographs and Extension A, one Java char each
        Pattern quatrain = Pattern.compile("(\\p{IsHan}{5}，\\p{IsHan}{5}。){2}");
        for (int row = 0; row < poems.rowCount(); row++) {
            assertEquals(row + 1, poems.intColumn("id").get(row), "ids count the rows");
            for (String script : List.of("traditional", "simplified")) {
                String poem = poems.stringColumn(script).get(row);
                assertEquals(24, poem.length(), "row " + row + " " + script + ": " + poem);
                assertTrue(quatrain.matcher(poem).matches(), "row " + row + " " + script + ": " + poem);
            }
        }
        assertEquals(3509, poems.stringColumn("simplified").unique().size(), "no exact duplicates");
        // row 848 of the file: 朱斌, 登樓 (the poem better known as Wang Zhihuan's 登鹳雀楼)
        assertEquals("白日依山尽，黄河入海流。欲穷千里目，更上一层楼。", poems.stringColumn("simplified").get(847));
        assertEquals("白日依山盡，黃河入海流。欲窮千里目，更上一層樓。", poems.stringColumn("traditional").get(847));
        assertEquals("登樓", poems.stringColumn("title").get(847));
        assertEquals("太宗皇帝", poems.stringColumn("author").get(0));
    }

    @Test
    void pingshuiRhymesAre106GroupsInBothScripts() {
        Table rhymes = Datasets.pingshuiRhymes();
        assertEquals(106, rhymes.rowCount());
        assertEquals(List.of("group", "tone", "traditional", "simplified"), rhymes.columnNames());
        assertEquals("上平聲一東", rhymes.stringColumn("group").get(0));
        assertEquals("入聲十七洽", rhymes.stringColumn("group").get(105));
        int entries = 0;
        for (int row = 0; row < rhymes.rowCount(); row++) {
            String traditional = rhymes.stringColumn("traditional").get(row);
            assertEquals(traditional.length(), rhymes.stringColumn("simplified").get(row).length(),
                    "row " + row + ": one simplified character per traditional one");
            assertTrue(List.of("平", "上", "去", "入").contains(rhymes.stringColumn("tone").get(row)));
            entries += traditional.length();
        }
        assertEquals(10_714, entries);
        assertEquals(30, rhymes.stringColumn("tone").isEqualTo("平").size(), "15 upper and 15 lower level-tone groups");
        assertTrue(rhymes.stringColumn("traditional").get(0).startsWith("東同銅"));
        assertTrue(rhymes.stringColumn("simplified").get(0).startsWith("东同铜"));
    }

    @Test
    void tablesFeedDatasetFromTableAsClassification() {
        // digit is text, so fromTable one-hot encodes it instead of regressing on 0..9
        Dataset digits = Dataset.fromTable(Datasets.digits(), "digit");
        assertEquals(1797, digits.size());
        assertEquals(64, digits.numFeatures());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), digits.classNames());

        Dataset weather = Dataset.fromTable(Datasets.seattleWeather(), "weather", "temp_max", "precipitation");
        assertEquals(List.of("drizzle", "fog", "rain", "snow", "sun"), weather.classNames());
        assertEquals(12.8f, weather.features().get(0, 0), 1e-6f);

        Dataset regression = Dataset.fromTable(Datasets.seattleWeather(), "temp_max", "temp_min", "wind");
        assertTrue(!regression.isClassification(), "a numeric target is a regression target");
    }

    @Test
    void searchOrderIsNextToTheNotebookThenRepoRootThenParentThenGrandparentThenHome() {
        Path notebooks = Path.of("/repo/notebooks");
        assertEquals(List.of(Path.of("/repo/notebooks"), Path.of("/repo/notebooks/datasets"), Path.of("/repo/datasets"),
                        Path.of("/datasets"), Path.of("/home/u/datasets")),
                Datasets.searchPlaces(null, null, notebooks, Path.of("/home/u")));
    }

    @Test
    void theChineseEditionInNotebooksZhFindsTheRepositoryDatasets(@TempDir Path tmp) throws IOException {
        Path repo = tmp.resolve("repo");
        Path zh = Files.createDirectories(repo.resolve("notebooks/zh"));
        Path datasets = Files.createDirectories(repo.resolve("datasets"));
        Files.writeString(datasets.resolve("x.csv"), "a\n1\n");
        List<Path> places = Datasets.searchPlaces(null, null, zh, tmp.resolve("home"));
        assertEquals(List.of(zh, zh.resolve("datasets"), repo.resolve("notebooks/datasets"), datasets,
                tmp.resolve("home/datasets")), places);
        assertEquals(datasets.resolve("x.csv"), Datasets.find("x.csv", places));
    }

    @Test
    void searchDropsRepeatedFolders() {
        // On Binder the working directory is often the home directory, which is the repository root.
        assertEquals(List.of(Path.of("/home/jovyan"), Path.of("/home/jovyan/datasets"), Path.of("/home/datasets"),
                        Path.of("/datasets")),
                Datasets.searchPlaces(null, null, Path.of("/home/jovyan"), Path.of("/home/jovyan")));
    }

    @Test
    void aFileNextToTheNotebookWinsOverTheRepositoryCopy(@TempDir Path tmp) throws IOException {
        // An nbgrader assignment in a JupyterHub home: ~/course/ps1/notebook.ipynb with its CSV beside it,
        // and an older copy in ~/course/datasets that must not be read instead.
        Path assignment = Files.createDirectories(tmp.resolve("home/course/ps1"));
        Path stale = Files.createDirectories(tmp.resolve("home/course/datasets"));
        Files.writeString(assignment.resolve("x.csv"), "a\n1\n");
        Files.writeString(stale.resolve("x.csv"), "a\n2\n");
        List<Path> places = Datasets.searchPlaces(null, null, assignment, tmp.resolve("home"));
        assertEquals(assignment.resolve("x.csv"), Datasets.find("x.csv", places));
    }

    @Test
    void missingFileNextToTheNotebookNamesThatFolderFirst(@TempDir Path tmp) throws IOException {
        Path assignment = Files.createDirectories(tmp.resolve("home/ps1"));
        List<Path> places = Datasets.searchPlaces(null, null, assignment, tmp.resolve("home"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Datasets.find("x.csv", places));
        String message = e.getMessage();
        String[] lines = message.split("\n");
        assertEquals("  " + assignment.resolve("x.csv"), lines[1], message);
        assertEquals(1 + places.size() + 1, lines.length, "one line per place tried, then the hint: " + message);
        assertTrue(message.contains("next to the notebook"), message);
    }

    @Test
    void namedFoldersComeRightAfterTheNotebooksFolderAndKeepTheRestOfTheSearch() {
        Path work = Path.of("/repo/notebooks/zh");
        Path home = Path.of("/h");
        List<Path> rest = List.of(Path.of("/repo/notebooks/zh/datasets"), Path.of("/repo/notebooks/datasets"),
                Path.of("/repo/datasets"), Path.of("/h/datasets"));
        List<Path> both = new ArrayList<>(List.of(work, Path.of("/from/property"), Path.of("/from/env")));
        both.addAll(rest);
        assertEquals(both, Datasets.searchPlaces("/from/property", "/from/env", work, home));
        List<Path> env = new ArrayList<>(List.of(work, Path.of("/from/env")));
        env.addAll(rest);
        assertEquals(env, Datasets.searchPlaces(null, "/from/env", work, home));
        assertEquals(env, Datasets.searchPlaces("  ", "/from/env", work, home));
        assertEquals(5, Datasets.searchPlaces("", "", work, home).size(), "blank folder names are ignored");
    }

    @Test
    void aFileNextToTheNotebookIsFoundWhenTheEnvironmentNamesADatasetsFolder(@TempDir Path tmp) throws IOException {
        // A JupyterHub server that sets PARAMLAB_DATASETS for everyone: a student's own CSV beside
        // their notebook is still read, and the shipped files come from the named folder.
        Path notebooks = Files.createDirectories(tmp.resolve("home/notebooks"));
        Path shared = Files.createDirectories(tmp.resolve("srv/datasets"));
        Files.writeString(notebooks.resolve("mine.csv"), "a\n1\n");
        Files.writeString(shared.resolve("digits.csv"), "a\n2\n");
        List<Path> places = Datasets.searchPlaces(null, shared.toString(), notebooks, tmp.resolve("home"));
        assertEquals(notebooks.resolve("mine.csv"), Datasets.find("mine.csv", places));
        assertEquals(shared.resolve("digits.csv"), Datasets.find("digits.csv", places));
    }

    @Test
    void findReturnsTheFirstFolderHoldingTheFile(@TempDir Path tmp) throws IOException {
        Path first = Files.createDirectories(tmp.resolve("first"));
        Path second = Files.createDirectories(tmp.resolve("second"));
        Path third = Files.createDirectories(tmp.resolve("third"));
        Files.writeString(second.resolve("x.csv"), "a\n1\n");
        Files.writeString(third.resolve("x.csv"), "a\n2\n");
        assertEquals(second.resolve("x.csv"), Datasets.find("x.csv", List.of(first, second, third)));
    }

    @Test
    void missingFileErrorListsEveryPlaceTried(@TempDir Path tmp) {
        List<Path> places = List.of(tmp.resolve("a"), tmp.resolve("b"), tmp.resolve("c"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Datasets.find("digits.csv", places));
        String message = e.getMessage();
        assertTrue(message.contains("'digits.csv' not found"), message);
        for (Path place : places) {
            assertTrue(message.contains(place.resolve("digits.csv").toString()), "should list " + place + ": " + message);
        }
        assertTrue(message.contains(Datasets.ENV) && message.contains(Datasets.PROPERTY), message);
    }

    @Test
    void unexpectedColumnIsNamedInTheError(@TempDir Path tmp) throws IOException {
        Path csv = tmp.resolve("weather.csv");
        Files.writeString(csv, "date,rain\n2012/01/01,1.0\n");
        Exception e = assertThrows(RuntimeException.class, () -> Datasets.seattleWeather(csv));
        String message = e.getMessage() + (e.getCause() == null ? "" : " " + e.getCause().getMessage());
        assertTrue(message.contains("unexpected column 'rain'"), message);
    }
}
