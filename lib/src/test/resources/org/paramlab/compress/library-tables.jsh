// Writes library-tables.txt: the tables compress and summary build (Sparsity.table, PruningMask.table and its
// toString, PruningSchedule's table, HealthCheck.table without its time column), each with its column types,
// printed in English and in Chinese, by the code of the moment (committed from main at 1593246 + the Pruning
// split, before these tables moved to SmallTable). LibraryTablesTest builds the same tables and compares.
//   jshell --class-path "kernel/target/lib/*" --add-modules jdk.incubator.vector -R--add-modules -Rjdk.incubator.vector \
//       lib/src/test/resources/org/paramlab/compress/library-tables.jsh
import java.nio.file.*;
import org.ejml.data.FMatrixRMaj;
import org.paramlab.core.*;
import org.paramlab.data.*;
import org.paramlab.layers.*;
import org.paramlab.io.*;
import org.paramlab.compress.*;
import org.paramlab.summary.*;
import tech.tablesaw.api.Table;

String shown(Table t) {
    return t.structure().printAll() + "\n" + t.printAll() + "\n";
}

Dataset data() {
    FMatrixRMaj x = new FMatrixRMaj(30, 20);
    int[] labels = new int[30];
    java.util.Random rng = new java.util.Random(3);
    for (int i = 0; i < 30; i++) {
        labels[i] = i % 3;
        for (int j = 0; j < 20; j++) x.set(i, j, (float) rng.nextGaussian() + (j % 3 == labels[i] ? 1f : 0f));
    }
    return Dataset.ofClasses(x, labels, "zero", "one", "two");
}

String tables(Path dir) throws Exception {
    StringBuilder s = new StringBuilder();
    Sequential model = new Sequential(new Dense("hidden", 20, 12, 7), new ReLU(), new Dense("output", 12, 3, 8));
    PruningMask mask = Pruning.magnitude(model, 0.7, Pruning.Scope.GLOBAL);
    s.append(shown(Sparsity.table(model))).append(shown(mask.table())).append(mask).append("\n\n");
    Sequential again = new Sequential(new Dense("hidden", 20, 12, 7), new ReLU(), new Dense("output", 12, 3, 8));
    var result = new PruningSchedule(Pruning.Scope.LAYER_WISE, 0.5, 0.8).run(again, data(), m -> null);
    s.append(shown(result.table()));
    Sequential original = new Sequential(new Dense("hidden", 20, 12, 7), new ReLU(), new Dense("output", 12, 3, 8));
    Path a = dir.resolve("original.plm");
    ModelFile.save(original, a);
    Path b = dir.resolve("pruned.plm");
    QuantizedModel.fp32(model).save(b);
    Table check = new HealthCheck(data()).add("original", original, a).add("pruned", model, b).table();
    s.append(shown(check.removeColumns(HealthCheck.timeColumn())));
    return s.toString();
}

Path tmp = Files.createTempDirectory("tables");
Language.use("en");
String en = tables(tmp);
Language.use("zh");
String zh = tables(tmp);
Language.use("en");
Files.writeString(Path.of("lib/src/test/resources/org/paramlab/compress/library-tables.txt"), en + zh);
/exit
