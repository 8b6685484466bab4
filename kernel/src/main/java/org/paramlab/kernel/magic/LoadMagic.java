package org.paramlab.kernel.magic;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import org.paramlab.kernel.KernelServices;

/**
 * {@code %load file} runs another file's code in this notebook's session:
 * <ul>
 *   <li>{@code .jsh}, {@code .java}: the whole file as one cell (a {@code package} line is
 *       dropped, since JShell has no packages);</li>
 *   <li>{@code .ipynb}: each code cell in order, with the magics inside it. A cell that would
 *       load a notebook already being loaded is skipped, so notebooks cannot recurse forever.</li>
 * </ul>
 * Relative paths are resolved against the notebook's folder. The last value is returned.
 */
final class LoadMagic {

    /** Notebooks being loaded right now, outermost first: %load a.ipynb which does %load b.ipynb ... */
    private final Deque<Path> notebooksBeingLoaded = new ArrayDeque<>();

    Object run(KernelServices kernel, MagicRunner magics, List<String> args, PrintStream out) throws Exception {
        if (args.isEmpty()) {
            throw new MagicException("%load needs a file: %load helpers.jsh, %load Model.java or %load other.ipynb");
        }
        Object value = null;
        for (String name : args) {
            value = load(kernel, magics, name, out);
        }
        return value;
    }

    private Object load(KernelServices kernel, MagicRunner magics, String name, PrintStream out) throws Exception {
        Path file = kernel.workingDirectory().resolve(name).normalize();
        if (!Files.isRegularFile(file)) {
            throw new MagicException("%load: no such file: " + name + " (looked for " + file + ")");
        }
        String lowerName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lowerName.endsWith(".jsh")) {
            return kernel.evalCode(Files.readString(file, StandardCharsets.UTF_8));
        } else if (lowerName.endsWith(".java")) {
            return kernel.evalCode(withoutPackageLine(Files.readString(file, StandardCharsets.UTF_8)));
        } else if (lowerName.endsWith(".ipynb")) {
            return loadNotebook(kernel, magics, file, out);
        }
        throw new MagicException("%load: cannot load " + name + ": expected a .jsh, .java or .ipynb file.");
    }

    /** JShell rejects a package declaration, so "package org.x;" becomes an empty line (line numbers stay). */
    static String withoutPackageLine(String source) {
        return source.replaceFirst("(?m)^[ \\t]*package[ \\t]+[\\w.]+[ \\t]*;", "");
    }

    private Object loadNotebook(KernelServices kernel, MagicRunner magics, Path notebook, PrintStream out)
            throws Exception {
        if (notebooksBeingLoaded.contains(notebook)) {
            throw new MagicException("%load: " + notebook.getFileName() + " is already being loaded; loading it again would never end.");
        }
        notebooksBeingLoaded.push(notebook);
        try {
            List<String> cells = NotebookCells.codeCells(notebook);
            Object value = null;
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
                    value = runCell(kernel, magics, cell);
                } catch (Exception e) {
                    throw new MagicException("%load: error in " + where + ": " + e.getMessage(), e);
                }
            }
            return value;
        } finally {
            notebooksBeingLoaded.pop();
        }
    }

    /** True if the cell starts with {@code %load x.ipynb} for a notebook we are loading already. */
    private boolean wouldRecurse(KernelServices kernel, String cell) {
        String firstLine = cell.strip().lines().findFirst().orElse("");
        if (!MagicCall.isLineMagic(firstLine)) {
            return false;
        }
        MagicCall call = MagicCall.parseLine(firstLine);
        if (!call.name().equals("load")) {
            return false;
        }
        for (String target : MagicArguments.split(call.arguments())) {
            if (notebooksBeingLoaded.contains(kernel.workingDirectory().resolve(target).normalize())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs one cell with its magics: a cell magic takes the whole cell; otherwise the Java code
     * runs in pieces between line magics, in the order written. The kernel runs its cells this
     * way too (through {@link ParamLabMagics#evalCell}), so a loaded notebook behaves as if run.
     */
    static Object runCell(KernelServices kernel, MagicRunner magics, String cell) throws Exception {
        if (MagicCall.isCellMagic(cell)) {
            MagicCall call = MagicCall.parseCell(cell);
            return magics.runCellMagic(call.name(), MagicArguments.split(call.arguments()), call.body());
        }
        if (cell.lines().noneMatch(MagicCall::isLineMagic)) {
            return kernel.evalCode(cell); // plain Java: passed on exactly as written
        }
        Object value = null;
        StringBuilder code = new StringBuilder();
        String[] lines = cell.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (MagicCall.isLineMagic(lines[i])) {
                value = runCode(kernel, code, value);
                MagicCall call = MagicCall.parseLine(lines[i]);
                value = magics.runLineMagic(call.name(), ParamLabMagics.lineMagicArguments(call.name(), call.arguments()));
            } else {
                if (code.length() == 0) {
                    // blank lines stand in for the lines above, so error line numbers match the cell's
                    code.append("\n".repeat(i));
                }
                code.append(lines[i]).append('\n');
            }
        }
        return runCode(kernel, code, value);
    }

    /** Evaluates the code gathered so far (if any) and empties the buffer; otherwise keeps the previous value. */
    private static Object runCode(KernelServices kernel, StringBuilder code, Object previous) throws Exception {
        if (code.toString().isBlank()) {
            code.setLength(0);
            return previous;
        }
        Object value = kernel.evalCode(code.toString());
        code.setLength(0);
        return value;
    }

}
