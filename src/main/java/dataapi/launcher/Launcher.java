package dataapi.launcher;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The jar's entry point: runs {@code dataapi.Main} in a class loader of its own, whose parent is
 * {@link SnowflakeLibraries}, so that Snowflake's jars beside dataapi.jar are opened only when
 * Snowflake is the warehouse.
 *
 * <p>Why: the JDK holds the whole zip directory of every jar it has open on the heap, for as long
 * as the jar stays open. Inside dataapi.jar, Snowflake's JDBC driver, Snowpark and Scala would be
 * 44,000 of its 70,000 entries: about 9 MB of a 64 MB heap, on every warehouse.
 *
 * <p>The launcher's own classes are the only ones the JVM's class loader defines; every other
 * class of the jar is defined by the application's loader, which reads the same open jar.
 */
public final class Launcher {
    private static final String MAIN = "dataapi.Main";

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        Path jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        SnowflakeLibraries snowflake = new SnowflakeLibraries(jar.resolveSibling(SnowflakeLibraries.DIRECTORY));
        URLClassLoader application = new URLClassLoader("dataapi", new URL[] {jar.toUri().toURL()}, snowflake);
        snowflake.borrowFrom(application);
        // Before any other class loads: threads inherit it, and ServiceLoader (JDBC drivers, SLF4J) reads it.
        Thread.currentThread().setContextClassLoader(application);
        try {
            application.loadClass(MAIN).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
