package org.paramlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ParamLabMagicsTest {

    private final MagicRegistry registry = ParamLabMagics.registry();

    @Test
    void registersEveryMagic() {
        assertEquals(Set.of("classpath", "jars", "load", "time", "maven", "lsmagic"), registry.lineNames());
        assertEquals(Set.of("time", "loadFromPOM"), registry.cellNames());
    }

    @Test
    void unknownMagicsListTheKnownOnes() {
        assertEquals("Unknown line magic %foo. Known line magics: %classpath, %jars, %load, %lsmagic, %maven, %time."
                        + " Known cell magics: %%loadFromPOM, %%time.",
                registry.unknownMagicMessage("foo", false));
        assertTrue(registry.unknownMagicMessage("%%bar", true).startsWith("Unknown cell magic %%bar. Known line"));
    }

    @Test
    void unknownMagicsSuggestTheNearestName() {
        assertTrue(registry.unknownMagicMessage("mavne", false).contains("Did you mean %maven?"));
        assertTrue(registry.unknownMagicMessage("loadFromPOM", false).contains("%%loadFromPOM is a cell magic"));
        assertTrue(registry.unknownMagicMessage("classpath", true).contains("%classpath is a line magic"));
    }

    @Test
    void runningAnUnknownMagicIsThatError() {
        FakeKernel kernel = new FakeKernel(Path.of("."));
        MagicException line = assertThrows(MagicException.class, () -> registry.runLine(kernel, "mavn", "a:b:1"));
        assertEquals(registry.unknownMagicMessage("mavn", false), line.getMessage());
        MagicException cell = assertThrows(MagicException.class, () -> registry.runCell(kernel, "nope", "", "x"));
        assertTrue(cell.getMessage().startsWith("Unknown cell magic %%nope."), cell.getMessage());
    }

    @Test
    void namesAreOfferedAsTypedForTheirKind() {
        assertEquals(List.of("%classpath"), registry.namesStartingWith("%cl"));
        assertEquals(List.of("%%loadFromPOM"), registry.namesStartingWith("%%lo"));
        assertEquals(List.of("%load"), registry.namesStartingWith("%lo"));
        assertEquals(List.of("%%loadFromPOM", "%%time"), registry.namesStartingWith("%%"));
        assertEquals(List.of(), registry.namesStartingWith("%x"));
    }

    @Test
    void lsmagicListsBothKinds() {
        assertEquals("Line magics: %classpath, %jars, %load, %lsmagic, %maven, %time\nCell magics: %%loadFromPOM, %%time",
                registry.listing());
    }
}
