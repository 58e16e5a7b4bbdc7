package dataapi.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Snowpark for Java, Snowflake's JDBC driver and the Scala they run on: the jars of
 * {@value #DIRECTORY}/ beside dataapi.jar, opened the first time a class or resource of their own
 * packages ({@link #PACKAGES}) is asked for. Until then this loader answers nothing, without
 * touching the jars; scans for every copy of a resource (ServiceLoader's, for JDBC drivers and
 * SLF4J) do not open them either.
 *
 * <p>Once open, the jars come first for what they ask for themselves, and the application's loader
 * lends them what they do not carry (SLF4J, which Snowpark logs to, and Snowpark's smaller
 * dependencies, which stay in dataapi.jar).
 */
final class SnowflakeLibraries extends ClassLoader {
    static final String DIRECTORY = "snowflake";
    /** Resource paths of the packages that only these jars hold. */
    static final List<String> PACKAGES = List.of("net/snowflake/", "com/snowflake/", "scala/");

    static {
        registerAsParallelCapable();
    }

    private final Path directory;
    private volatile ClassLoader application;
    private volatile Jars jars;

    SnowflakeLibraries(Path directory) {
        super("snowflake", ClassLoader.getPlatformClassLoader());
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** The loader that lends the jars what they do not carry: the application's, whose parent this is. */
    void borrowFrom(ClassLoader application) {
        this.application = requireNonNull(application, "application is null");
    }

    static boolean isSnowflakes(String resourcePath) {
        for (String prefix : PACKAGES) {
            if (resourcePath.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (!isSnowflakes(name.replace('.', '/'))) {
            throw new ClassNotFoundException(name);
        }
        return jars().loadClass(name);
    }

    @Override
    protected URL findResource(String name) {
        return isSnowflakes(name) ? jars().findResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return isSnowflakes(name) ? jars().findResources(name) : Collections.emptyEnumeration();
    }

    private Jars jars() {
        Jars opened = jars;
        if (opened == null) {
            synchronized (this) {
                opened = jars;
                if (opened == null) {
                    opened = new Jars(jarsIn(directory), requireNonNull(application, "no application loader to borrow from"));
                    jars = opened;
                }
            }
        }
        return opened;
    }

    private static URL[] jarsIn(Path directory) {
        List<Path> jars;
        try (Stream<Path> files = Files.list(directory)) {
            jars = files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Snowflake's libraries are not installed: cannot list " + directory
                    + " (it ships beside dataapi.jar)", e);
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("Snowflake's libraries are not installed: no jars in " + directory
                    + " (it ships beside dataapi.jar)");
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return urls;
    }

    /** The jars themselves: the JDK's classes, then their own, then what the application lends them. */
    private static final class Jars extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final ClassLoader application;

        Jars(URL[] jars, ClassLoader application) {
            super("snowflake-jars", jars, ClassLoader.getPlatformClassLoader());
            this.application = application;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            try {
                return super.loadClass(name, resolve);
            } catch (ClassNotFoundException notTheirs) {
                // The application's loader routes these packages back here.
                if (isSnowflakes(name.replace('.', '/'))) {
                    throw notTheirs;
                }
                return application.loadClass(name);
            }
        }

        @Override
        public URL getResource(String name) {
            URL url = super.getResource(name);
            return url != null || isSnowflakes(name) ? url : application.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> urls = Collections.list(super.getResources(name));
            if (!isSnowflakes(name)) {
                urls.addAll(Collections.list(application.getResources(name)));
            }
            return Collections.enumeration(urls);
        }
    }
}
