package org.paramlab.kernel.magic;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Downloads artifacts and everything they depend on (transitively), with Apache Maven Resolver,
 * the library Maven itself uses. Results are cached in a local repository (normally ~/.m2/repository),
 * so a second resolution of the same coordinates needs no network.
 */
final class MavenResolver {

    static final String MAVEN_CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

    /** Give up on a repository that does not answer within 10 s rather than hang the cell. */
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Longest silence allowed while reading a response. */
    private static final int REQUEST_TIMEOUT_MS = 30_000;

    private final RepositorySystem system;
    private final DefaultRepositorySystemSession session;

    MavenResolver(Path localRepository) {
        system = new RepositorySystemSupplier().get();
        session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(
                system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
        session.setSystemProperties(System.getProperties()); // POM profiles may test the JDK version
        session.setConfigProperty(ConfigurationProperties.CONNECT_TIMEOUT, CONNECT_TIMEOUT_MS);
        session.setConfigProperty(ConfigurationProperties.REQUEST_TIMEOUT, REQUEST_TIMEOUT_MS);
        session.setConfigProperty(ConfigurationProperties.HTTP_RETRY_HANDLER_COUNT, 0); // fail fast, say why
    }

    /** A remote repository with Maven's standard layout, e.g. {@code repository("central", MAVEN_CENTRAL_URL)}. */
    static RemoteRepository repository(String id, String url) {
        return new RemoteRepository.Builder(id, "default", url).build();
    }

    /**
     * The files of {@code dependencies} and of all they need at run time, in dependency order.
     * Failure (unknown artifact, unreachable repository) is a {@link MagicException} naming the
     * coordinates and the repositories tried.
     */
    List<Path> resolve(List<Dependency> dependencies, List<RemoteRepository> repositories, PrintStream progress) {
        session.setTransferListener(new DownloadReporter(progress));
        CollectRequest collect = new CollectRequest(dependencies, null, repositories);
        DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        try {
            List<Path> files = new ArrayList<>();
            for (ArtifactResult result : system.resolveDependencies(session, request).getArtifactResults()) {
                files.add(result.getArtifact().getFile().toPath());
            }
            return files;
        } catch (DependencyResolutionException e) {
            throw new MagicException(failureMessage(dependencies, repositories, e), e);
        }
    }

    /** "Could not resolve g:a:v from central (https://...): <the reasons, outermost first>". */
    static String failureMessage(List<Dependency> dependencies, List<RemoteRepository> repositories, Throwable error) {
        String what = dependencies.stream()
                .map(d -> MavenCoordinates.format(d.getArtifact()))
                .collect(Collectors.joining(", "));
        String where = repositories.stream()
                .map(r -> r.getId() + " (" + r.getUrl() + ")")
                .collect(Collectors.joining(", "));
        // the resolver wraps the real reason several times; keep each distinct message once
        Set<String> reasons = new LinkedHashSet<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && reasons.stream().noneMatch(r -> r.contains(message))) {
                reasons.add(message);
            }
        }
        return "Could not resolve " + what + " from " + where + ":\n  " + String.join("\n  ", reasons)
                + hint(String.join(" ", reasons));
    }

    /** A next step for the two common failures: a misspelt coordinate and an unreachable repository. */
    private static String hint(String reasons) {
        if (reasons.contains("Connect to") || reasons.contains("UnknownHost") || reasons.contains("timed out")) {
            return "\nThe repository could not be reached: check its URL and the network connection.";
        }
        if (reasons.contains("Could not find artifact")) {
            return "\nCheck the spelling of group:artifact:version and that this version is published in the repository.";
        }
        return "";
    }

    /** Tells the user which jars are being downloaded (checksums and POMs are left out: too noisy). */
    private static final class DownloadReporter extends AbstractTransferListener {
        private final PrintStream out;

        DownloadReporter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void transferSucceeded(TransferEvent event) {
            String name = event.getResource().getResourceName();
            if (out != null && name.endsWith(".jar") && event.getRequestType() == TransferEvent.RequestType.GET) {
                out.printf(Locale.ROOT, "Downloaded %s (%.1f kB) from %s%n",
                        name.substring(name.lastIndexOf('/') + 1),
                        event.getTransferredBytes() / 1024.0,
                        event.getResource().getRepositoryUrl());
            }
        }
    }
}
