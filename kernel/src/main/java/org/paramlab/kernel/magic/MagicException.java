package org.paramlab.kernel.magic;

/**
 * A magic was used wrongly or could not do its job. The message is written for the
 * notebook user: it says what went wrong, where, and what the magic expected.
 */
public class MagicException extends RuntimeException {

    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
