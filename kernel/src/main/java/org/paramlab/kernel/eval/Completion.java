package org.paramlab.kernel.eval;

import java.util.List;

/** Completion candidates that replace the text between {@code start} and {@code end}. */
public record Completion(int start, int end, List<String> matches) {
}
