// Notebook 10's language model trained longer than the notebook can afford: the same data, model,
// seeds and settings (AdamW, peak lr 0.01, λ = 0.3, warm-up a tenth of the steps, cosine to a tenth),
// 13 epochs = 4,017 steps of 256 instead of 3 epochs = 927. Notebook 10 quotes what this prints.
// Run from the repository (about 2 minutes on one core; `make kernel` first):
//   java --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=1000 -cp ".venv/share/jupyter/kernels/paramlab/lib/*" notebooks/extras/LongerRun.java
import org.paramlab.data.Datasets;
import org.paramlab.init.Initializers;
import org.paramlab.layers.*;
import org.paramlab.losses.SoftmaxCrossEntropy;
import org.paramlab.metrics.Perplexity;
import org.paramlab.optim.AdamW;
import org.paramlab.text.*;
import org.paramlab.train.*;

public class LongerRun {
    public static void main(String[] args) {
        var poems = Poems.simplified(Datasets.tangQuatrains());
        var split = Poems.split(poems, 0.1, 42);
        var vocab = CharacterVocabulary.mostFrequent(split.train(), 2000);
        var train = NextCharacterExamples.of(split.train(), vocab).dataset();
        var validation = NextCharacterExamples.of(split.validation(), vocab).dataset();
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 13;
        float peak = 0.01f, lambda = 0.3f;
        long seed = 1;
        var context = new Sequential(
                new ContextEmbedding("embedding", vocab.size(), 32, 6, seed),
                new Dense("hidden", 6 * 32, 256, Initializers.xavierUniform(), Initializers.zeros(), seed + 1));
        var model = new Sequential(new Sum("hidden + position", context, new PositionEmbedding("position", 25, 256, 6)),
                new Tanh(), new Dense("output", 256, vocab.size(), Initializers.xavierUniform(), Initializers.zeros(), seed + 2));
        var adamW = new AdamW(model.parameters(), peak, lambda);
        int steps = epochs * ((train.size() + 255) / 256);
        long start = System.nanoTime();
        var history = new Trainer(model, new SoftmaxCrossEntropy(), adamW).epochs(epochs).batchSize(256).seed(1).metric(null)
                .listener(new WarmupCosine(adamW, peak, steps / 10, steps, peak / 10))
                .fit(train, validation);
        double loss = history.validationLoss()[epochs - 1];
        System.out.printf("%d epochs, %d steps, %.0f s: validation loss %.3f nats per token, perplexity %.1f%n",
                epochs, steps, (System.nanoTime() - start) / 1e9, loss, Perplexity.of(loss));
        var losses = new StringBuilder();
        for (double v : history.validationLoss()) losses.append(String.format(" %.3f", v));
        System.out.println("validation loss after each epoch:" + losses);
    }
}
