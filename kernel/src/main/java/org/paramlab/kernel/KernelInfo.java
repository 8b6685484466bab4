package org.paramlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.paramlab.kernel.protocol.Message;

/** What the kernel says about itself in kernel_info_reply. */
final class KernelInfo {

    static final String VERSION = "0.1.0";

    private KernelInfo() {
    }

    static JsonObject content() {
        JsonObject language = new JsonObject();
        language.addProperty("name", "java");
        language.addProperty("version", Runtime.version().toString());
        language.addProperty("mimetype", "text/x-java");
        language.addProperty("file_extension", ".java");
        language.addProperty("pygments_lexer", "java");
        language.addProperty("codemirror_mode", "text/x-java");
        language.addProperty("nbconvert_exporter", "script");

        JsonObject link = new JsonObject();
        link.addProperty("text", "Java " + Runtime.version().feature() + " API");
        link.addProperty("url", "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/");
        JsonArray links = new JsonArray();
        links.add(link);

        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        content.addProperty("protocol_version", Message.PROTOCOL_VERSION);
        content.addProperty("implementation", "paramlab");
        content.addProperty("implementation_version", VERSION);
        content.add("language_info", language);
        content.addProperty("banner", "ParamLab Java kernel " + VERSION + " (JShell, Java " + Runtime.version() + ")");
        content.add("help_links", links);
        return content;
    }
}
