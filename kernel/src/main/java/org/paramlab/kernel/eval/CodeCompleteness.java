package org.paramlab.kernel.eval;

/** The answer to Jupyter's is_complete request: "complete", "incomplete" (with an indent) or "invalid". */
public record CodeCompleteness(String status, String indent) {
}
