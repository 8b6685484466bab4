// Writes the committed compressed-model fixtures of CompressedModelFilesTest with the code of the moment
// (they were written by main at 1593246, before the stored-tensor reshape of issue 20):
//   jshell --class-path "kernel/target/lib/*" --add-modules jdk.incubator.vector \
//       lib/src/test/resources/org/paramlab/compress/compressed-models.jsh
// For each recipe: NAME.plm (QuantizedModel.save), NAME.txt (every tensor read back: name, shape, label,
// each value's float bits in hex) and NAME.errors.txt (errors() printed in English, then in Chinese).
import java.nio.file.*;
import org.paramlab.core.*;
import org.paramlab.layers.*;
import org.paramlab.io.*;
import org.paramlab.compress.*;

Path out = Path.of("lib/src/test/resources/org/paramlab/compress");

// 20 inputs: groups of 8 leave a short third group per column; groups of 4 divide them
Sequential model(boolean pruned) {
    Sequential m = new Sequential(new Dense("hidden", 20, 12, 7), new ReLU(), new Dense("output", 12, 3, 8));
    if (pruned) Pruning.magnitude(m, 0.7, Pruning.Scope.GLOBAL);
    return m;
}

QuantizedModel recipe(String name) {
    if (name.equals("fp32")) return QuantizedModel.fp32(model(false));
    if (name.equals("fp16")) return QuantizedModel.fp16(model(false));
    if (name.equals("int8-tensor")) return Quantizer.int8().quantize(model(false));
    if (name.equals("int8-channel")) return Quantizer.int8().perChannel().quantize(model(false));
    if (name.equals("int4-g8")) return Quantizer.int4().groupsOf(8).quantize(model(false));
    if (name.equals("int4-g4-asym")) return Quantizer.int4().groupsOf(4).asymmetric().quantize(model(false));
    if (name.equals("int3-channel-asym")) return Quantizer.bits(3).perChannel().asymmetric().quantize(model(false));
    if (name.equals("int2-tensor")) return Quantizer.bits(2).quantize(model(false));
    if (name.equals("int2-g8-asym")) return Quantizer.bits(2).groupsOf(8).asymmetric().quantize(model(false));
    if (name.equals("pruned-fp32")) return QuantizedModel.fp32(model(true));
    if (name.equals("pruned-fp16")) return QuantizedModel.fp16(model(true));
    if (name.equals("pruned-int4-channel")) return Quantizer.int4().perChannel().quantize(model(true));
    if (name.equals("pruned-int8-g4")) return Quantizer.int8().groupsOf(4).quantize(model(true));
    throw new IllegalArgumentException(name);
}

String values(Path file) throws Exception {
    StringBuilder s = new StringBuilder();
    for (StoredTensor t : ModelFile.readTensors(file)) {
        s.append(t.name()).append(' ').append(t.rows()).append('x').append(t.cols()).append(' ').append(t.label().replace(' ', '_'));
        for (float v : t.dequantize()) s.append(' ').append(String.format("%08x", Float.floatToRawIntBits(v)));
        s.append('\n');
    }
    return s.toString();
}

for (String name : new String[] {"fp32", "fp16", "int8-tensor", "int8-channel", "int4-g8", "int4-g4-asym", "int3-channel-asym",
        "int2-tensor", "int2-g8-asym", "pruned-fp32", "pruned-fp16", "pruned-int4-channel", "pruned-int8-g4"}) {
    QuantizedModel q = recipe(name);
    Path file = out.resolve(name + ".plm");
    q.save(file);
    Files.writeString(out.resolve(name + ".txt"), values(file));
    Language.use("en");
    String en = q.errors().printAll();
    Language.use("zh");
    String zh = q.errors().printAll();
    Language.use("en");
    Files.writeString(out.resolve(name + ".errors.txt"), en + "\n" + zh + "\n");
}
/exit
