package org.paramlab.kernel.magic;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import org.paramlab.kernel.cell.Cell;
import org.paramlab.kernel.eval.CellResult;

/**
 * {@code %load file} runs another file's code in this notebook's session:
 * <ul>
 *   <li>{@code .jsh}, {@code .java}: the whole file as one cell (a {@code package} line is
 *       dropped, since JShell has no packages);</li>
 *   <li>{@code .ipynb}: each code cell in order, with the magics inside it. A cell that would
 *       load a notebook already being loaded is skipped, so notebooks cannot recurse forever.</li>
 * </ul>
 * Relative paths are resolved against the notebook's folder. The last value is returned, with the
 * notes of everything that ran.
 */
final class LoadMagic {

    /** Notebooks being loaded right now, outermost first: %load a.ipynb which does %load b.ipynb ... */
    private final Deque<Path> notebooksBeingLoaded = new ArrayDeque<>();

    CellResult run(KernelServices kernel, List<String> args, PrintStream out) throws Exception {
        if (args.isEmpty()) {
            throw new MagicException("%load needs a file: %load helpers.jsh, %load Model.java or %load other.ipynb");
        }
        CellResult result = CellResult.nothing();
        for (String name : args) {
            result = result.then(load(kernel, name, out));
        }
        return result;
    }

    private CellResult load(KernelServices kernel, String name, PrintStream out) throws Exception {
        Path file = kernel.workingDirectory().resolve(name).normalize();
        if (!Files.isRegularFile(file)) {
            throw new MagicException("%load: no such file: " + name + " (looked for " + file + ")");
        }
        String lowerName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lowerName.endsWith(".jsh")) {
            return kernel.runJava(Files.readString(file, StandardCharsets.UTF_8));
        } else if (lowerName.endsWith(".java")) {
            return kernel.runJava(withoutPackageLine(Files.readString(file, StandardCharsets.UTF_8)));
        } else if (lowerName.endsWith(".ipynb")) {
            return loadNotebook(kernel, file, out);
        }
        throw new MagicException("%load: cannot load " + name + ": expected a .jsh, .java or .ipynb file.");
    }

    /** JShell rejects a package declaration, so "package org.x;" becomes an empty line (line numbers stay). */
    static String withoutPackageLine(String source) {
        return source.replaceFirst("(?m)^[ \\t]*package[ \\t]+[\\w.]+[ \\t]*;", "");
    }

    /** Each code cell runs as the kernel runs a cell ({@link KernelServices#runCell}), so a loaded notebook behaves as if run. */
    private CellResult loadNotebook(KernelServices kernel, Path notebook, PrintStream out) throws Exception {
        if (notebooksBeingLoaded.contains(notebook)) {
            throw new MagicException("%load: " + notebook.getFileName() + " is already being loaded; loading it again would never end.");
        }
        notebooksBeingLoaded.push(notebook);
        try {
            List<String> cells = NotebookCells.codeCells(notebook);
            CellResult result = CellResult.nothing();
            for (int i = 0; i < cells.size(); i++) {
                String cell = cells.get(i);
                String where = "cell " + (i + 1) + " of " + notebook.getFileName();
                if (cell.isBlank()) {
                    continue;
                }
                if (wouldRecurse(kernel, cell)) {
                    out.println("Skipped " + where + ": it loads a notebook that is being loaded.");
                    continue;
                }
                try {
                    result = result.then(kernel.runCell(cell));
                } catch (Exception e) {
                    throw new MagicException("%load: error in " + where + ": " + e.getMessage(), e);
                }
            }
            return result;
        } finally {
            notebooksBeingLoaded.pop();
        }
    }

    /** True if the cell's first part is {@code %load x.ipynb} for a notebook we are loading already. */
    private boolean wouldRecurse(KernelServices kernel, String cell) {
        List<Cell.Part> parts = Cell.parse(cell.strip()).parts();
        if (parts.isEmpty() || !(parts.get(0) instanceof Cell.LineMagic magic) || !magic.name().equals("load")) {
            return false;
        }
        for (String target : MagicArguments.split(magic.arguments())) {
            if (notebooksBeingLoaded.contains(kernel.workingDirectory().resolve(target).normalize())) {
                return true;
            }
        }
        return false;
    }
}
