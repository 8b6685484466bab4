package org.paramlab.plot;

/**
 * A piece of HTML for a notebook output, with a plain-text version for terminals and logs.
 * The ParamLab kernel shows {@link #html()} as {@code text/html} and {@link #text()} as
 * {@code text/plain}.
 *
 * <p>The plain text never contains clock times, so notebook text outputs are the same on
 * every run; times (elapsed, ETA) appear only in the HTML.
 *
 * @param html self-contained HTML (inline styles, no scripts, nothing loaded from the network)
 * @param text the plain-text fallback
 */
public record HtmlView(String html, String text) {

    public HtmlView {
        if (html == null || text == null) {
            throw new IllegalArgumentException("HtmlView needs both html and text (use \"\" for none)");
        }
    }

    /** Same as {@link #html()}, for renderers that look for a {@code toHtml()} method. */
    public String toHtml() {
        return html;
    }

    @Override
    public String toString() {
        return text;
    }
}
