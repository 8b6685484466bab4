package org.paramlab.text;

import static org.paramlab.core.Language.label;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import org.paramlab.layers.Layer;

import org.paramlab.summary.Numbers;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The health check (体检) of notebook 09 for a language model: several versions of one model — the
 * original first, then its quantized, pruned or distilled versions — measured on the same validation
 * poems, one row each:
 * <ul>
 *   <li><b>file bytes</b> of the saved version and <b>× smaller</b> than the original's file;</li>
 *   <li><b>loss</b>: the validation loss per token in nats, with the half-width of its 95 % interval
 *       over the poems (the poems are the independent units, not the tokens);</li>
 *   <li><b>change</b> from the original, paired by poem, with its 95 % interval: a change whose
 *       interval contains 0 is not shown to be a change;</li>
 *   <li><b>top-1 agreement</b>: the share of validation targets on which the version's most likely
 *       next token is the original's;</li>
 *   <li>the change of the loss on the <b>frequent</b> characters (the 100 most frequent of the
 *       vocabulary) and on the <b>rare</b> ones (the rarer half of the vocabulary's characters, ranks
 *       1,001–2,000 of 2,000): an average can hide damage to the long tail (Hooker et al. 2019);</li>
 *   <li><b>perfect form</b>: the share of sampled poems (200 at T = 0.8, seed 42, {@code <unk>} never
 *       drawn) that are four lines of five characters with ，。，。.</li>
 * </ul>
 * {@link #continuations} writes the most likely continuation of one fixed first line with every version:
 * no chance is involved, so two versions write the same text until their favorite tokens differ.
 *
 * <pre>{@code
 * Table t = new LanguageModelCheck(validationExamples)
 *         .add("original FP32", model, originalFile)
 *         .add("INT8", int8Model, int8File)
 *         .table();
 * }</pre>
 */
public final class LanguageModelCheck {

    /** How many of the most frequent characters count as frequent. */
    public static final int FREQUENT_CHARACTERS = 100;

    /** One version to check: a name for its row, the model (FP32, for evaluation) and its saved file. */
    public record Candidate(String name, Layer model, Path file) { }

    private final NextCharacterExamples validation;
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<TokenLosses> losses = new ArrayList<>();
    private int formPoems = 200;
    private double formTemperature = 0.8;
    private long formSeed = 42;

    public LanguageModelCheck(NextCharacterExamples validation) {
        if (validation == null) {
            throw new IllegalArgumentException("language model check: needs the validation examples, got null");
        }
        this.validation = validation;
    }

    /** Adds a version; the first one added is the original the others are compared with. */
    public LanguageModelCheck add(String name, Layer model, Path file) {
        if (name == null || name.isBlank() || model == null || file == null) {
            throw new IllegalArgumentException("language model check: each version needs a name, the model and its saved file; got name="
                    + name + ", model=" + (model == null ? "null" : model.name()) + ", file=" + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("language model check: the file of '" + name + "' does not exist: " + file
                    + " (save the model first; the size reported is the file's)");
        }
        candidates.add(new Candidate(name, model, file));
        losses.add(TokenLosses.of(model, validation));
        return this;
    }

    /** How the form is checked: {@code poems} sampled at {@code temperature} from {@code seed}, {@code <unk>} never drawn. */
    public LanguageModelCheck form(int poems, double temperature, long seed) {
        if (poems < 1 || !(temperature > 0)) {
            throw new IllegalArgumentException("form check: needs at least 1 poem and a temperature > 0, got "
                    + poems + " poems at T = " + temperature);
        }
        this.formPoems = poems;
        this.formTemperature = temperature;
        this.formSeed = seed;
        return this;
    }

    public List<Candidate> candidates() {
        return List.copyOf(candidates);
    }

    /** The measured losses of the version added under {@code name}, target by target. */
    public TokenLosses losses(String name) {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).name().equals(name)) {
                return losses.get(i);
            }
        }
        throw new IllegalArgumentException("language model check: no version named '" + name + "'; added: "
                + candidates.stream().map(Candidate::name).toList());
    }

    /** The frequent characters of a vocabulary: the {@value #FREQUENT_CHARACTERS} most frequent (ids 4 … 103). */
    public static IntPredicate frequent(CharacterVocabulary vocabulary) {
        int end = Math.min(vocabulary.size(), CharacterVocabulary.SPECIAL_TOKENS + FREQUENT_CHARACTERS);
        return id -> id >= CharacterVocabulary.SPECIAL_TOKENS && id < end;
    }

    /** The rare characters of a vocabulary: the rarer half of its characters (ranks 1,001–2,000 of 2,000). */
    public static IntPredicate rare(CharacterVocabulary vocabulary) {
        int characters = vocabulary.size() - CharacterVocabulary.SPECIAL_TOKENS;
        int first = CharacterVocabulary.SPECIAL_TOKENS + characters / 2;
        return id -> id >= first && id < vocabulary.size();
    }

    /**
     * The check-up table, one row per version in the order added, as text for reading: losses and changes in
     * nats per token to 4 decimals with the half-width of their 95 % interval ("4.8114 ± 0.0445"), shares as
     * percentages. The numbers themselves: {@link #losses(String)} and {@link TokenLosses}.
     */
    public Table table() {
        requireVersions();
        CharacterVocabulary vocabulary = validation.vocabulary();
        IntPredicate frequent = frequent(vocabulary);
        IntPredicate rare = rare(vocabulary);
        TokenLosses original = losses.get(0);
        long originalBytes = size(candidates.get(0).file());
        StringColumn name = StringColumn.create(label("version"));
        StringColumn bytes = StringColumn.create(label("file bytes"));
        StringColumn smaller = StringColumn.create(label("× smaller"));
        StringColumn loss = StringColumn.create(label("loss ± 95 %"));
        StringColumn change = StringColumn.create(label("change ± 95 %"));
        StringColumn agreement = StringColumn.create(label("top-1 agreement"));
        StringColumn frequentChange = StringColumn.create(label("change, frequent"));
        StringColumn rareChange = StringColumn.create(label("change, rare"));
        StringColumn form = StringColumn.create(label("perfect form"));
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            TokenLosses mine = losses.get(i);
            TokenLosses.Interval own = mine.interval95();
            TokenLosses.Interval paired = mine.changeFrom(original);
            long fileBytes = size(c.file());
            name.append(c.name());
            bytes.append(String.format("%,d", fileBytes));
            smaller.append(String.format("%.2f", (double) originalBytes / fileBytes));
            loss.append(String.format("%.4f ± %.4f", own.mean(), own.halfWidth()));
            change.append(String.format("%+.4f ± %.4f", paired.mean(), paired.halfWidth()));
            agreement.append(Numbers.percent(mine.agreement(original), 3));
            frequentChange.append(String.format("%+.4f", mine.changeFrom(original, frequent)));
            rareChange.append(String.format("%+.4f", mine.changeFrom(original, rare)));
            form.append(Numbers.percent(perfectForm(c.model()), 3));
        }
        return Table.create(label("health check of the language model on %,d validation poems (%,d targets; nats per token)",
                        validation.size() / NextCharacterExamples.TARGETS_PER_POEM, validation.size()),
                name, bytes, smaller, loss, change, agreement, frequentChange, rareChange, form);
    }

    /** The share of sampled poems in the perfect form (see {@link #form}). */
    public double perfectForm(Layer model) {
        return new PoemSampler(model, validation.vocabulary()).withoutUnknown().perfectFormShare(formPoems, formTemperature, formSeed);
    }

    /** Every version's most likely continuation of {@code start} ({@link PoemSampler#mostLikely}, {@code <unk>} never written). */
    public Table continuations(String start) {
        requireVersions();
        StringColumn name = StringColumn.create(label("version"));
        StringColumn poem = StringColumn.create(label("most likely poem after %s", start));
        for (Candidate c : candidates) {
            name.append(c.name());
            poem.append(new PoemSampler(c.model(), validation.vocabulary()).withoutUnknown().mostLikely(start));
        }
        return Table.create(label("the first line given, then the most likely token at every step"), name, poem);
    }

    private void requireVersions() {
        if (candidates.isEmpty()) {
            throw new IllegalStateException("language model check: no versions added; add the original first, then its slimmed versions");
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("language model check: cannot read the size of " + file, e);
        }
    }
}
