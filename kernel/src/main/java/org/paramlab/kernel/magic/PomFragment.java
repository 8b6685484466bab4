package org.paramlab.kernel.magic;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The body of a {@code %%loadFromPOM} cell, as IJava accepts it: a whole {@code <project>}, or
 * just {@code <dependencies>}/{@code <dependency>} and {@code <repositories>}/{@code <repository>}
 * elements. {@code ${name}} is replaced from the fragment's {@code <properties>}, and a dependency
 * without a version takes it from {@code <dependencyManagement>}.
 * Every listed dependency is wanted in the notebook, so its scope (test, provided) is not applied.
 *
 * @param dependencies the dependencies to resolve, in the order written
 * @param repositories the repositories declared besides Maven Central
 */
record PomFragment(List<Dependency> dependencies, List<RemoteRepository> repositories) {

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    static PomFragment parse(String body) {
        Element root = parseXml(body);
        Map<String, String> properties = properties(root);
        Map<String, String> managedVersions = new HashMap<>();
        List<Element> dependencyElements = new ArrayList<>();
        for (Element element : elements(root, "dependency")) {
            if (hasAncestor(element, "plugin")) {
                continue; // a build plugin's dependency, not one for the notebook
            }
            if (hasAncestor(element, "dependencyManagement")) {
                managedVersions.put(text(element, "groupId", properties) + ":" + text(element, "artifactId", properties),
                        text(element, "version", properties));
            } else {
                dependencyElements.add(element);
            }
        }
        if (dependencyElements.isEmpty()) {
            throw new MagicException("%%loadFromPOM found no <dependency> element in the cell. Example:\n"
                    + "<dependency>\n  <groupId>org.ejml</groupId>\n  <artifactId>ejml-simple</artifactId>\n"
                    + "  <version>0.44.0</version>\n</dependency>");
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (int i = 0; i < dependencyElements.size(); i++) {
            dependencies.add(dependency(dependencyElements.get(i), i + 1, properties, managedVersions));
        }
        return new PomFragment(dependencies, repositories(root, properties));
    }

    private static Dependency dependency(Element element, int number, Map<String, String> properties,
                                         Map<String, String> managedVersions) {
        String groupId = text(element, "groupId", properties);
        String artifactId = text(element, "artifactId", properties);
        String where = "dependency #" + number + " (" + orDefault(groupId, "?") + ":" + orDefault(artifactId, "?") + ")";
        if (groupId == null || artifactId == null) {
            throw new MagicException("%%loadFromPOM: " + where + " needs both <groupId> and <artifactId>.");
        }
        String version = text(element, "version", properties);
        if (version == null) {
            version = managedVersions.get(groupId + ":" + artifactId);
        }
        if (version == null) {
            throw new MagicException("%%loadFromPOM: " + where + " has no <version> (and no <dependencyManagement> entry gives one).");
        }
        String type = orDefault(text(element, "type", properties), "jar");
        String classifier = orDefault(text(element, "classifier", properties), "");
        if (type.equals("test-jar")) { // Maven's name for the jar of a project's test classes
            type = "jar";
            classifier = "tests";
        }
        List<Exclusion> exclusions = new ArrayList<>();
        for (Element exclusion : elements(element, "exclusion")) {
            exclusions.add(new Exclusion(text(exclusion, "groupId", properties),
                    text(exclusion, "artifactId", properties), "*", "*"));
        }
        return new Dependency(new DefaultArtifact(groupId, artifactId, classifier, type, version),
                JavaScopes.COMPILE, false, exclusions);
    }

    private static List<RemoteRepository> repositories(Element root, Map<String, String> properties) {
        List<RemoteRepository> repositories = new ArrayList<>();
        for (Element element : elements(root, "repository")) {
            if (hasAncestor(element, "distributionManagement")) {
                continue; // where a project publishes, not where it downloads from
            }
            String url = text(element, "url", properties);
            if (url == null) {
                throw new MagicException("%%loadFromPOM: a <repository> has no <url>.");
            }
            String id = orDefault(text(element, "id", properties), "repository-" + (repositories.size() + 1));
            repositories.add(MavenResolver.repository(id, url));
        }
        return repositories;
    }

    /** The fragment wrapped in one root element, so several top-level elements form one document. */
    private static Element parseXml(String body) {
        // the XML declaration may only stand at the very start, so it goes; the newline after it stays
        String text = body.strip().replaceFirst("^<\\?xml[^>]*\\?>", "");
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // errors come as exceptions only, not also on stderr
            Document document = builder.parse(new InputSource(new StringReader("<fragment>" + text + "</fragment>")));
            return document.getDocumentElement();
        } catch (SAXParseException e) {
            throw new MagicException("%%loadFromPOM: the cell is not well-formed XML (line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + "): " + e.getMessage(), e);
        } catch (Exception e) {
            throw new MagicException("%%loadFromPOM: could not read the cell as XML: " + e.getMessage(), e);
        }
    }

    /** {@code <properties>} of the project or fragment, plus project.version/groupId for ${project.version}. */
    private static Map<String, String> properties(Element root) {
        Map<String, String> properties = new HashMap<>();
        for (Element block : elements(root, "properties")) {
            for (Node child = block.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element property) {
                    properties.put(property.getTagName(), property.getTextContent().strip());
                }
            }
        }
        for (Element project : elements(root, "project")) {
            for (String field : List.of("groupId", "artifactId", "version")) {
                Element element = child(project, field);
                if (element != null) {
                    properties.put("project." + field, element.getTextContent().strip());
                }
            }
        }
        return properties;
    }

    /** The text of the direct child {@code name} of {@code parent}, with ${...} replaced; null if absent. */
    private static String text(Element parent, String name, Map<String, String> properties) {
        Element element = child(parent, name);
        if (element == null || element.getTextContent().isBlank()) {
            return null;
        }
        Matcher matcher = PROPERTY.matcher(element.getTextContent().strip());
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = properties.get(matcher.group(1));
            if (value == null) {
                throw new MagicException("%%loadFromPOM: <" + name + "> uses ${" + matcher.group(1)
                        + "}, which no <properties> element defines.");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static List<Element> elements(Element root, String name) {
        NodeList nodes = root.getElementsByTagName(name);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    private static boolean hasAncestor(Element element, String name) {
        for (Node node = element.getParentNode(); node instanceof Element parent; node = parent.getParentNode()) {
            if (parent.getTagName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
