package org.paramlab.kernel.eval;

import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.JavaFileObject.Kind;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * The compiler's view of the class path's jars, for JShell. javac looks up every package a cell
 * names (and each star import) on the class path. Its own file manager indexes a jar by walking
 * it as a zip file system and reading every entry's attributes: for the kernel's jars (28,000
 * entries, 13,000 of them fastutil's) that walk was the largest single part of JShell's first
 * compile, and the JIT then spent more CPU compiling the walk than javac. Here a jar is indexed
 * in one pass over its entry names with {@code java.util.jar} (whose central directory the class
 * loader has already read), package by package; every other question goes to javac's own file
 * manager, and so do class folders on the class path.
 *
 * <p>Multi-release jars are read as javac reads them: the entries for the running Java version.
 */
final class ClassPathJars extends ForwardingJavaFileManager<StandardJavaFileManager>
        implements StandardJavaFileManager {

    /** One open jar per class-path entry that is a jar, indexed by package ("org/ejml/data"). */
    private final Map<Path, JarIndex> jars = new ConcurrentHashMap<>();
    /** javac's own manager for the class path's folders (a cell's %classpath may add some). */
    private final StandardJavaFileManager folders = ToolProvider.getSystemJavaCompiler()
            .getStandardFileManager(null, null, StandardCharsets.UTF_8);
    private List<Path> folderPath = List.of();

    ClassPathJars(StandardJavaFileManager javac) {
        super(javac);
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName, Set<Kind> kinds, boolean recurse)
            throws IOException {
        Iterable<? extends Path> classPath = location == StandardLocation.CLASS_PATH && !recurse
                ? fileManager.getLocationAsPaths(location) : null;
        if (classPath == null) {
            return super.list(location, packageName, kinds, recurse);
        }
        List<JavaFileObject> found = new ArrayList<>();
        List<Path> classFolders = new ArrayList<>();
        String folder = packageName.replace('.', '/');
        for (Path entry : classPath) {
            JarIndex jar = jars.get(entry);
            if (jar == null && Files.isRegularFile(entry)) {
                jar = jars.computeIfAbsent(entry, JarIndex::open);
            }
            if (jar != null) {
                jar.list(folder, kinds, found);
            } else if (Files.isDirectory(entry)) {
                classFolders.add(entry);
            }
        }
        if (!classFolders.isEmpty()) {
            synchronized (folders) {
                if (!classFolders.equals(folderPath)) {
                    folders.setLocationFromPaths(StandardLocation.CLASS_PATH, classFolders);
                    folderPath = classFolders;
                }
                folders.list(location, packageName, kinds, false).forEach(found::add);
            }
        }
        return found;
    }

    @Override
    public String inferBinaryName(Location location, JavaFileObject file) {
        return file instanceof JarEntryObject entry ? entry.binaryName : super.inferBinaryName(location, file);
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        if (a instanceof JarEntryObject || b instanceof JarEntryObject) {
            return a.equals(b);
        }
        return super.isSameFile(a, b);
    }

    @Override
    public boolean contains(Location location, FileObject file) throws IOException {
        if (file instanceof JarEntryObject) {
            return location == StandardLocation.CLASS_PATH;
        }
        return super.contains(location, file);
    }

    @Override
    public void close() throws IOException {
        for (JarIndex jar : jars.values()) {
            jar.close();
        }
        folders.close();
        super.close();
    }

    // ---- StandardJavaFileManager: javac's own -----------------------------------------------

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> files) {
        return fileManager.getJavaFileObjectsFromFiles(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
        return fileManager.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
        return fileManager.getJavaFileObjects(files);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
        return fileManager.getJavaFileObjectsFromStrings(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
        return fileManager.getJavaFileObjects(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
        return fileManager.getJavaFileObjects(paths);
    }

    @Override
    public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
        fileManager.setLocation(location, files);
    }

    @Override
    public void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
        fileManager.setLocationFromPaths(location, paths);
    }

    @Override
    public void setLocationForModule(Location location, String moduleName, Collection<? extends Path> paths)
            throws IOException {
        fileManager.setLocationForModule(location, moduleName, paths);
    }

    @Override
    public Iterable<? extends File> getLocation(Location location) {
        return fileManager.getLocation(location);
    }

    @Override
    public Iterable<? extends Path> getLocationAsPaths(Location location) {
        return fileManager.getLocationAsPaths(location);
    }

    @Override
    public Path asPath(FileObject file) {
        return fileManager.asPath(file);
    }

    @Override
    public void setPathFactory(PathFactory factory) {
        fileManager.setPathFactory(factory);
    }

    // ---- one jar ----------------------------------------------------------------------------

    /** A jar's file names by package folder, read once from its central directory. */
    private static final class JarIndex {
        private final JarFile jar;
        private final Map<String, List<String>> namesByFolder = new HashMap<>();

        private JarIndex(JarFile jar) {
            this.jar = jar;
            if (jar == null) {
                return;
            }
            // a multi-release jar: the entries for this Java; any other: all entries, more cheaply
            Iterator<JarEntry> entries = jar.isMultiRelease() ? jar.versionedStream().iterator() : jar.entries().asIterator();
            while (entries.hasNext()) {
                String name = entries.next().getName();
                int slash = name.lastIndexOf('/');
                if (slash < name.length() - 1) { // not a folder
                    namesByFolder.computeIfAbsent(slash < 0 ? "" : name.substring(0, slash), f -> new ArrayList<>())
                            .add(name);
                }
            }
        }

        /** Opens a jar, or, for a file that is not one, an index with no entries (as javac ignores it). */
        static JarIndex open(Path path) {
            try {
                return new JarIndex(new JarFile(path.toFile(), false, ZipFile.OPEN_READ, Runtime.version()));
            } catch (IOException e) {
                return new JarIndex(null);
            }
        }

        void list(String folder, Set<Kind> kinds, List<JavaFileObject> into) {
            for (String name : namesByFolder.getOrDefault(folder, List.of())) {
                Kind kind = kindOf(name);
                if (kinds.contains(kind)) {
                    into.add(new JarEntryObject(jar, name, kind));
                }
            }
        }

        void close() throws IOException {
            if (jar != null) {
                jar.close();
            }
        }

        private static Kind kindOf(String name) {
            for (Kind kind : List.of(Kind.CLASS, Kind.SOURCE, Kind.HTML)) {
                if (name.endsWith(kind.extension)) {
                    return kind;
                }
            }
            return Kind.OTHER;
        }
    }

    /** A class (or source) file inside a jar, as javac reads it: read-only. */
    private static final class JarEntryObject implements JavaFileObject {
        private final JarFile jar;
        private final String entryName;
        private final Kind kind;
        private final String binaryName;

        JarEntryObject(JarFile jar, String entryName, Kind kind) {
            this.jar = jar;
            this.entryName = entryName;
            this.kind = kind;
            this.binaryName = entryName.substring(0, entryName.length() - kind.extension.length()).replace('/', '.');
        }

        @Override
        public Kind getKind() {
            return kind;
        }

        @Override
        public boolean isNameCompatible(String simpleName, Kind kind) {
            return this.kind == kind && (entryName.equals(simpleName + kind.extension)
                    || entryName.endsWith("/" + simpleName + kind.extension));
        }

        @Override
        public NestingKind getNestingKind() {
            return null; // not known without reading the class file, as for javac's own
        }

        @Override
        public Modifier getAccessLevel() {
            return null;
        }

        @Override
        public URI toUri() {
            return URI.create("jar:" + new File(jar.getName()).toURI() + "!/" + entryName);
        }

        @Override
        public String getName() {
            return jar.getName() + "(" + entryName + ")"; // as javac names a jar's entries in messages
        }

        @Override
        public InputStream openInputStream() throws IOException {
            JarEntry entry = jar.getJarEntry(entryName); // the version of it for this Java
            if (entry == null) {
                throw new IOException(entryName + " is no longer in " + jar.getName());
            }
            return jar.getInputStream(entry);
        }

        @Override
        public Reader openReader(boolean ignoreEncodingErrors) throws IOException {
            return new StringReader(getCharContent(ignoreEncodingErrors).toString());
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) throws IOException {
            try (InputStream in = openInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        @Override
        public OutputStream openOutputStream() {
            throw new UnsupportedOperationException("a jar on the class path is read-only: " + getName());
        }

        @Override
        public Writer openWriter() {
            throw new UnsupportedOperationException("a jar on the class path is read-only: " + getName());
        }

        @Override
        public long getLastModified() {
            return 0;
        }

        @Override
        public boolean delete() {
            return false;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof JarEntryObject that && that.jar == jar && that.entryName.equals(entryName);
        }

        @Override
        public int hashCode() {
            return entryName.hashCode();
        }

        @Override
        public String toString() {
            return getName();
        }
    }
}
