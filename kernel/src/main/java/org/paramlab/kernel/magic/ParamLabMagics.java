package org.paramlab.kernel.magic;

import org.paramlab.kernel.eval.CellResult;

/**
 * The ParamLab kernel's magics, registered in one call:
 * <pre>
 *   line magics: %classpath %jars %load %time %maven %lsmagic
 *   cell magics: %%time %%loadFromPOM
 * </pre>
 * Each magic receives the session that runs it as {@link KernelServices} and talks to it only
 * through that, and returns what the cell shows as a {@link CellResult} (nothing, for the magics
 * that only change the session). Magics print to {@code System.out} as it is at call time, which
 * the kernel points at the cell's output.
 */
public final class ParamLabMagics {

    private ParamLabMagics() {
    }

    /** A registry with every ParamLab magic. */
    public static MagicRegistry registry() {
        MagicRegistry registry = new MagicRegistry();
        ClasspathMagic classpath = new ClasspathMagic();
        JarsMagic jars = new JarsMagic();
        LoadMagic load = new LoadMagic();
        TimeMagic time = new TimeMagic();
        MavenMagics maven = new MavenMagics(); // starts Maven Resolver only when first used

        registry.line("classpath", (kernel, args) -> classpath.run(kernel, args, System.out));
        registry.line("jars", (kernel, args) -> jars.run(kernel, args, System.out));
        registry.line("load", (kernel, args) -> load.run(kernel, args, System.out));
        registry.lineWithCode("time", (kernel, args) -> time.timeLine(kernel, args, System.out));
        registry.line("maven", (kernel, args) -> maven.maven(kernel, args, System.out));
        registry.line("lsmagic", (kernel, args) -> {
            System.out.println(registry.listing());
            return CellResult.nothing();
        });
        registry.cell("time", (kernel, args, body) -> time.timeCell(kernel, body, System.out));
        registry.cell("loadFromPOM", (kernel, args, body) -> maven.loadFromPom(kernel, body, System.out));
        return registry;
    }
}
