package dataapi.endpoint;

import static java.util.Objects.requireNonNull;

/**
 * SQL's NULL in place of a value of {@code type}, bound as that type's NULL: what a request that
 * leaves out an optional parameter binds. Typed, as PostgreSQL cannot type an untyped NULL in
 * {@code :s IS NULL}; a record, so that two requests that leave it out are one key of the result
 * cache, and none that gives a value (the empty text or {@code null}) is that key.
 *
 * @param type the class of the values the parameter binds otherwise, such as {@code Long} or {@code LocalDate}
 */
public record SqlNull(Class<?> type) {
    public SqlNull {
        requireNonNull(type, "type is null");
    }
}
