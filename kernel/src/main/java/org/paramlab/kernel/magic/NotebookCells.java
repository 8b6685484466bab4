package org.paramlab.kernel.magic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Reads the code cells of a Jupyter notebook (.ipynb, nbformat 4). A cell's source is stored
 * either as one string or as a list of lines; both give the same text here.
 */
final class NotebookCells {

    private NotebookCells() {
    }

    /** The source of every code cell, in order (markdown and raw cells are left out). */
    static List<String> codeCells(Path notebook) throws IOException {
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(notebook, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new MagicException("%load: " + notebook + " is not a valid notebook (JSON): " + e.getMessage(), e);
        }
        if (!root.has("cells") || !root.get("cells").isJsonArray()) {
            throw new MagicException("%load: " + notebook + " has no \"cells\" list; only nbformat 4 notebooks are supported.");
        }
        List<String> sources = new ArrayList<>();
        for (JsonElement element : root.getAsJsonArray("cells")) {
            JsonObject cell = element.getAsJsonObject();
            if (cell.has("cell_type") && "code".equals(cell.get("cell_type").getAsString())) {
                sources.add(sourceText(cell.get("source")));
            }
        }
        return sources;
    }

    private static String sourceText(JsonElement source) {
        if (source == null || source.isJsonNull()) {
            return "";
        }
        if (source.isJsonArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonElement line : (JsonArray) source) {
                text.append(line.getAsString()); // each line keeps its own "\n"
            }
            return text.toString();
        }
        return source.getAsString();
    }
}
