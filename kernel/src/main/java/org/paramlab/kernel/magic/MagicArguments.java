package org.paramlab.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text after a magic's name into arguments, the way a shell does:
 * spaces separate arguments, quotes keep spaces inside one argument
 * ({@code %jars "my libs/*.jar"}), and a backslash escapes the next character.
 */
final class MagicArguments {

    private MagicArguments() {
    }

    /** Splits {@code text} into arguments; an unclosed quote is an error. */
    static List<String> split(String text) {
        List<String> arguments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArgument = false;
        char quote = 0; // the quote character we are inside, or 0
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(text.charAt(++i));
                inArgument = true;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inArgument = true;
            } else if (Character.isWhitespace(c)) {
                if (inArgument) {
                    arguments.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
            } else {
                current.append(c);
                inArgument = true;
            }
        }
        if (quote != 0) {
            throw new MagicException("Unclosed " + quote + " quote in magic arguments: " + text);
        }
        if (inArgument) {
            arguments.add(current.toString());
        }
        return arguments;
    }
}
