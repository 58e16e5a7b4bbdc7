package dataapi.endpoint;

/** The raw text of a request's parameters, as the HTTP layer received it. */
@FunctionalInterface
public interface RequestValues {
    /** The raw value of {@code parameter}, or null when the request does not carry it. */
    String get(Parameter<?> parameter);
}
