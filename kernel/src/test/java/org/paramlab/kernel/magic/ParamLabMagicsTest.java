package org.paramlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;

import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.junit.jupiter.api.Test;

class ParamLabMagicsTest {

    private static MagicsRegistry registry() {
        MagicsRegistry registry = new MagicsRegistry();
        ParamLabMagics.registerAll(registry);
        return registry;
    }

    @Test
    void registersEveryMagic() {
        MagicsRegistry registry = registry();
        assertEquals(Set.of("classpath", "jars", "load", "time", "maven", "lsmagic"), registry.getLineMagicNames());
        assertEquals(Set.of("time", "loadFromPOM"), registry.getCellMagicNames());
    }

    @Test
    void unknownMagicsListTheKnownOnes() {
        assertEquals("Unknown line magic %foo. Known line magics: %classpath, %jars, %load, %lsmagic, %maven, %time."
                        + " Known cell magics: %%loadFromPOM, %%time.",
                ParamLabMagics.unknownMagicMessage("foo", false, registry()));
        assertTrue(ParamLabMagics.unknownMagicMessage("%%bar", true, registry()).startsWith("Unknown cell magic %%bar. Known line"));
    }

    @Test
    void unknownMagicsSuggestTheNearestName() {
        assertTrue(ParamLabMagics.unknownMagicMessage("mavne", false, registry()).contains("Did you mean %maven?"));
        assertTrue(ParamLabMagics.unknownMagicMessage("loadFromPOM", false, registry())
                .contains("%%loadFromPOM is a cell magic"));
        assertTrue(ParamLabMagics.unknownMagicMessage("classpath", true, registry())
                .contains("%classpath is a line magic"));
    }

    @Test
    void lsmagicListsBothKinds() {
        assertEquals("Line magics: %classpath, %jars, %load, %lsmagic, %maven, %time\nCell magics: %%loadFromPOM, %%time",
                ParamLabMagics.listing(registry()));
    }

    @Test
    void magicsNeedAKernelThatOffersKernelServices() {
        FakeKernel kernel = new FakeKernel(Path.of("."));
        assertSame(kernel, ParamLabMagics.services(kernel));
        MagicException e = assertThrows(MagicException.class, () -> ParamLabMagics.services("not a kernel"));
        assertTrue(e.getMessage().contains("org.paramlab.kernel.KernelServices"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }
}
