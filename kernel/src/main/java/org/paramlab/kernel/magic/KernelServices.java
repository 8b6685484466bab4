package org.paramlab.kernel.magic;

import org.paramlab.kernel.eval.CellResult;

import java.nio.file.Path;
import java.util.List;

/**
 * What a magic may ask of the session that runs it. The session implements it; magics use only
 * this, so the magics need nothing above them and can be tested with a stand-in.
 */
public interface KernelServices {

    /** Adds jars or class folders to the JShell classpath (visible to the next snippets). */
    void addToClasspath(List<Path> paths);

    /** The classpath entries added so far, in order (for {@code %classpath} with no argument). */
    List<Path> classpath();

    /** Runs text as a notebook cell (magics and Java), exactly as the kernel runs the cells it is sent. */
    CellResult runCell(String cell) throws Exception;

    /** Runs plain Java (no magics), the way a cell's Java runs: the value and notes are returned. */
    CellResult runJava(String code) throws Exception;

    /** The folder relative paths are resolved against (the notebook's folder). */
    Path workingDirectory();
}
