package dataapi;

/** This build's version: the project's, which the build writes into the jar's manifest. */
public final class Version {
    private Version() {
    }

    /** The version, or {@code development} where the classes are not in the built jar (tests, an IDE). */
    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
