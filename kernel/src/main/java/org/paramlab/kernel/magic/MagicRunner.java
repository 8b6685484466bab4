package org.paramlab.kernel.magic;

import java.util.List;

/**
 * Runs a magic by name. {@code %load} uses it to run the magics it finds inside a
 * notebook's cells; the kernel's magics registry stands behind it.
 */
interface MagicRunner {

    Object runLineMagic(String name, List<String> arguments) throws Exception;

    Object runCellMagic(String name, List<String> arguments, String body) throws Exception;
}
