package org.paramlab.io;

import java.io.IOException;

/** A file that cannot be read as a ParamLab model: wrong magic, unknown version, truncated or altered. */
public final class ModelFileException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelFileException(String message) {
        super(message);
    }
}
