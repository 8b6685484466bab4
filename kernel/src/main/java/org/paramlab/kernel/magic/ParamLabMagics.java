package org.paramlab.kernel.magic;

import org.paramlab.kernel.eval.CellResult;

/**
 * The ParamLab kernel's magics, registered in one call:
 * <pre>
 *   line magics: %classpath %jars %load %time %maven %lsmagic
 *   cell magics: %%time %%loadFromPOM
 * </pre>
 * Each magic receives the running kernel as {@link org.paramlab.kernel.KernelServices} and talks
 * to it only through that. Magics print to {@code System.out} as it is at call time, which the
 * kernel points at the cell's output.
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

        registry.line("classpath", (kernel, args) -> nothing(classpath.run(kernel, args, System.out)));
        registry.line("jars", (kernel, args) -> nothing(jars.run(kernel, args, System.out)));
        registry.line("load", (kernel, args) -> load.run(kernel, args, System.out));
        registry.lineWithCode("time", (kernel, args) -> time.timeLine(kernel, args, System.out));
        registry.line("maven", (kernel, args) -> nothing(maven.maven(kernel, args, System.out)));
        registry.line("lsmagic", (kernel, args) -> {
            System.out.println(registry.listing());
            return CellResult.nothing();
        });
        registry.cell("time", (kernel, args, body) -> time.timeCell(kernel, body, System.out));
        registry.cell("loadFromPOM", (kernel, args, body) -> nothing(maven.loadFromPom(kernel, body, System.out)));
        return registry;
    }

    /** Magics that only change the kernel (classpath, downloads) show no value. */
    private static CellResult nothing(Object ignored) {
        return CellResult.nothing();
    }
}
