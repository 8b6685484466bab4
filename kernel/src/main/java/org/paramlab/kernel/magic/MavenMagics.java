package org.paramlab.kernel.magic;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.paramlab.kernel.eval.CellResult;

/**
 * The two magics that fetch libraries from Maven repositories, in IJava's forms:
 * <pre>
 *   %maven org.ejml:ejml-simple:0.44.0 com.google.guava:guava:33.4.0-jre
 *
 *   %%loadFromPOM
 *   &lt;dependency&gt; ... &lt;/dependency&gt;
 * </pre>
 * Both resolve transitive dependencies and add every jar to the classpath. Repositories declared in
 * a {@code %%loadFromPOM} cell are remembered for later {@code %maven} lines, after Maven Central.
 * Maven Resolver starts at first use, so a kernel that never fetches anything does not pay for it.
 */
final class MavenMagics {

    private final Path localRepository; // null: find it the way Maven does, at first use
    private final List<String> defaultRepositoryUrls;
    private final List<RemoteRepository> declaredRepositories = new ArrayList<>();
    private MavenResolver resolver;

    /** Maven Central and the user's local repository (normally ~/.m2/repository). */
    MavenMagics() {
        this(null, List.of(MavenResolver.MAVEN_CENTRAL_URL));
    }

    /** For tests: a chosen local repository and chosen remote repositories instead of Maven Central. */
    MavenMagics(Path localRepository, List<String> defaultRepositoryUrls) {
        this.localRepository = localRepository;
        this.defaultRepositoryUrls = List.copyOf(defaultRepositoryUrls);
    }

    /** {@code %maven group:artifact:version ...} */
    CellResult maven(KernelServices kernel, List<String> args, PrintStream out) {
        if (args.isEmpty()) {
            throw new MagicException("%maven needs at least one coordinate: %maven " + MavenCoordinates.EXPECTED_FORM);
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (String coordinate : args) {
            dependencies.add(new Dependency(MavenCoordinates.parse(coordinate), JavaScopes.COMPILE));
        }
        return resolveAndAdd(kernel, dependencies, repositories(), out);
    }

    /** {@code %%loadFromPOM} with a POM or POM fragment as the cell body. */
    CellResult loadFromPom(KernelServices kernel, String body, PrintStream out) {
        PomFragment pom = PomFragment.parse(body);
        for (RemoteRepository repository : pom.repositories()) {
            boolean known = repositories().stream().anyMatch(r -> r.getUrl().equals(repository.getUrl()));
            if (!known) {
                declaredRepositories.add(repository);
            }
        }
        return resolveAndAdd(kernel, pom.dependencies(), repositories(), out);
    }

    /** The default repositories (Maven Central), then those declared by %%loadFromPOM cells. */
    List<RemoteRepository> repositories() {
        List<RemoteRepository> repositories = new ArrayList<>();
        for (int i = 0; i < defaultRepositoryUrls.size(); i++) {
            String url = defaultRepositoryUrls.get(i);
            repositories.add(MavenResolver.repository(url.equals(MavenResolver.MAVEN_CENTRAL_URL) ? "central" : "repository-" + i, url));
        }
        repositories.addAll(declaredRepositories);
        return repositories;
    }

    private CellResult resolveAndAdd(KernelServices kernel, List<Dependency> dependencies,
                                 List<RemoteRepository> repositories, PrintStream out) {
        List<Path> jars = resolver().resolve(dependencies, repositories, out);
        ClasspathUpdate.addNew(kernel, jars, out);
        return CellResult.nothing();
    }

    private MavenResolver resolver() {
        if (resolver == null) {
            resolver = new MavenResolver(localRepository != null ? localRepository : MavenLocalRepository.locate());
        }
        return resolver;
    }
}
