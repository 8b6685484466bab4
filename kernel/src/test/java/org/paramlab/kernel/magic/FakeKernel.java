package org.paramlab.kernel.magic;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.paramlab.kernel.cell.Cell;
import org.paramlab.kernel.eval.CellResult;

/**
 * A stand-in kernel for magic tests: it records the Java it is asked to run and the paths added
 * to its classpath. Running Java returns "value of: " + the code, so tests can tell which piece
 * of code produced a magic's result. Cells run as the session runs them: parsed by
 * {@link Cell}, the parts in order, magics through {@link #magics}.
 */
final class FakeKernel implements KernelServices {

    final List<String> evaluated = new ArrayList<>();
    final List<List<Path>> additions = new ArrayList<>();
    private final List<Path> classpath = new ArrayList<>();
    private final Path workingDirectory;
    MagicRegistry magics = ParamLabMagics.registry();

    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);

    FakeKernel(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    String output() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void addToClasspath(List<Path> paths) {
        additions.add(List.copyOf(paths));
        classpath.addAll(paths);
    }

    @Override
    public List<Path> classpath() {
        return List.copyOf(classpath);
    }

    @Override
    public CellResult runCell(String cell) throws Exception {
        CellResult result = CellResult.nothing();
        for (Cell.Part part : Cell.parse(cell).parts()) {
            if (part instanceof Cell.Java java) {
                result = result.then(runJava(java.code()));
            } else if (part instanceof Cell.LineMagic line) {
                result = result.then(magics.runLine(this, line.name(), line.arguments()));
            } else if (part instanceof Cell.CellMagic magic) {
                result = result.then(magics.runCell(this, magic.name(), magic.arguments(), magic.body()));
            }
        }
        return result;
    }

    @Override
    public CellResult runJava(String code) {
        evaluated.add(code);
        if (code.contains("throw")) {
            throw new IllegalStateException("boom from: " + code.strip());
        }
        return new CellResult(true, "value of: " + code.strip(), List.of());
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }
}
