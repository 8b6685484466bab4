package org.paramlab.kernel;

import java.nio.file.Path;
import java.util.List;

/**
 * What magics may ask of the running kernel. The kernel implements it; magics
 * (package {@code org.paramlab.kernel.magic}) use only this, so the two stay independent.
 */
public interface KernelServices {

    /** Adds jars or class folders to the JShell classpath (visible to the next snippets). */
    void addToClasspath(List<Path> paths);

    /** The classpath entries added so far, in order (for {@code %classpath} with no argument). */
    List<Path> classpath();

    /** Evaluates Java code as if it were a cell; returns the last expression's value or null. */
    Object evalCode(String code) throws Exception;

    /** The folder relative paths are resolved against (the notebook's folder). */
    Path workingDirectory();
}
