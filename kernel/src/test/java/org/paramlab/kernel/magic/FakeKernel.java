package org.paramlab.kernel.magic;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.paramlab.kernel.KernelServices;

/**
 * A stand-in kernel for magic tests: it records the code it is asked to evaluate and the paths
 * added to its classpath. Evaluating code returns "value of: " + the code, so tests can tell
 * which piece of code produced a magic's result.
 */
final class FakeKernel implements KernelServices {

    final List<String> evaluated = new ArrayList<>();
    final List<List<Path>> additions = new ArrayList<>();
    private final List<Path> classpath = new ArrayList<>();
    private final Path workingDirectory;

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
    public Object evalCode(String code) {
        evaluated.add(code);
        if (code.contains("throw")) {
            throw new IllegalStateException("boom from: " + code.strip());
        }
        return "value of: " + code.strip();
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }
}
