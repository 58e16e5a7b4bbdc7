package dataapi.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored form of an {@link AuthState}: one JSON document, readable with any tool. Each record
 * is an object of its components by name, an absent optional is {@code null}, a time is ISO-8601
 * text; members it does not know are skipped when read, and an optional one that is missing reads
 * as absent, so that stores written before it was added (a role's {@code created}, the ended
 * sessions) still load. Written and read with Jackson's streaming API, so that a server with
 * built-in authentication does not load the data-binding library.
 *
 * <p>A store written by a later dataapi may hold members this one does not know. It reads such a
 * store, but refuses to change it: written back, those members would be lost (a role's creation
 * is its identity, an ended session a logout). So the document records its {@link #FORMAT}.
 */
final class AuthStateJson {
    /**
     * The document's format, written as its {@code format} member: raise it whenever a member is
     * added. 1, a document without one: the stores before it; 2: the member itself.
     */
    static final int FORMAT = 2;
    private static final JsonFactory FACTORY = new JsonFactory();

    private AuthStateJson() {
    }

    static byte[] write(AuthState state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            json.writeStartObject();
            json.writeNumberField("format", FORMAT);
            json.writeNumberField("revision", state.revision());
            writeOptional(json, "signingKey", state.signingKey());
            writeMap(json, "users", state.users(), user -> {
                json.writeStringField("name", user.name());
                writeOptional(json, "passwordHash", user.passwordHash());
                json.writeStringField("passwordChanged", user.passwordChanged().toString());
                writeList(json, "roles", user.roles());
            });
            writeMap(json, "roles", state.roles(), role -> {
                json.writeStringField("name", role.name());
                writeOptional(json, "created", role.created().map(Instant::toString));
                writeList(json, "grants", role.grants());
            });
            writeMap(json, "pats", state.pats(), pat -> {
                json.writeStringField("id", pat.id());
                json.writeStringField("user", pat.user());
                json.writeStringField("name", pat.name());
                json.writeStringField("secretHash", pat.secretHash());
                json.writeStringField("role", pat.role());
                json.writeStringField("created", pat.created().toString());
                json.writeStringField("expires", pat.expires().toString());
                writeOptional(json, "revoked", pat.revoked().map(Instant::toString));
                writeOptional(json, "lastUsed", pat.lastUsed().map(Instant::toString));
            });
            json.writeObjectFieldStart("endedSessions");
            for (Map.Entry<String, Instant> ended : state.endedSessions().entrySet()) {
                json.writeStringField(ended.getKey(), ended.getValue().toString());
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The stored state, to be read only.
     *
     * @param source where it was read, as a failure names it: {@code /data/auth/auth.json}
     * @throws AuthStoreException naming {@code source} and what is wrong, but none of what it holds
     */
    static AuthState read(byte[] json, String source) {
        return read(json, source, false);
    }

    /**
     * The stored state, to be changed and written back.
     *
     * @throws AuthStoreException as {@link #read}, and when a later dataapi wrote it, in a format of members this one would drop
     */
    static AuthState readToChange(byte[] json, String source) {
        return read(json, source, true);
    }

    private static AuthState read(byte[] json, String source, boolean toChange) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            Object document = value(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new IOException("more than one JSON document");
            }
            Members state = Members.of(document, "the auth state");
            long format = state.optionalNumber("format").orElse(1L);
            if (toChange && format > FORMAT) {
                throw new AuthStoreException("the user store was written by a later dataapi, in format " + format + " (this one knows "
                        + FORMAT + "), and changed by this one it would lose what this one does not know: change it with the later one",
                        null);
            }
            Optional<String> signingKey = state.optionalString("signingKey");
            if (signingKey.isPresent()) {
                requireSigningKey(signingKey.get());
            }
            return new AuthState(state.number("revision"), signingKey,
                    state.map("users", user -> new User(user.string("name"), user.optionalString("passwordHash"),
                            user.instant("passwordChanged"), user.strings("roles"))),
                    state.map("roles", role -> new Role(role.string("name"), role.optionalInstant("created"), role.strings("grants"))),
                    state.map("pats", pat -> new Pat(pat.string("id"), pat.string("user"), pat.string("name"),
                            pat.string("secretHash"), pat.string("role"), pat.instant("created"), pat.instant("expires"),
                            pat.optionalInstant("revoked"), pat.optionalInstant("lastUsed"))),
                    state.optionalInstants("endedSessions"));
        } catch (JsonProcessingException e) {
            // Only where, and without the cause a log would print: Jackson's message quotes what it read, which may be a hash or the signing key.
            JsonLocation where = e.getLocation();
            throw new AuthStoreException("cannot read " + source + ": " + (e instanceof JsonEOFException ? "the JSON ends early" : "not JSON")
                    + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr()), null);
        } catch (IOException e) {
            throw new AuthStoreException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** A key that cannot sign (edited by hand, say) is damage found now, not a 500 at every token exchange later. */
    private static void requireSigningKey(String jwk) throws IOException {
        try {
            SigningKey.parse(jwk);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage());
        }
    }

    private interface Writer<V> {
        void write(V value) throws IOException;
    }

    private static <V> void writeMap(JsonGenerator json, String name, Map<String, V> map, Writer<V> members) throws IOException {
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, V> entry : map.entrySet()) {
            json.writeObjectFieldStart(entry.getKey());
            members.write(entry.getValue());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void writeList(JsonGenerator json, String name, List<String> items) throws IOException {
        json.writeArrayFieldStart(name);
        for (String item : items) {
            json.writeString(item);
        }
        json.writeEndArray();
    }

    private static void writeOptional(JsonGenerator json, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            json.writeStringField(name, value.get());
        } else {
            json.writeNullField(name);
        }
    }

    /** The value that starts at {@code token}: a map, list, string, long, boolean or null. */
    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new IOException("the document ends early");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> members = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    members.put(name, value(parser, parser.nextToken()));
                }
                return members;
            }
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    items.add(value(parser, next));
                }
                return items;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getLongValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return token == JsonToken.VALUE_TRUE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation().offsetDescription());
        }
    }

    /** The members of one stored object, each read as the record component it is. */
    private record Members(String what, Map<?, ?> members) {
        static Members of(Object value, String what) throws IOException {
            if (!(value instanceof Map<?, ?> map)) {
                throw new IOException(what + " is not an object");
            }
            return new Members(what, map);
        }

        private Object required(String name) throws IOException {
            Object value = members.get(name);
            if (value == null) {
                throw new IOException(what + " has no " + name);
            }
            return value;
        }

        long number(String name) throws IOException {
            if (!(required(name) instanceof Long number)) {
                throw new IOException(what + "'s " + name + " is not an integer");
            }
            return number;
        }

        Optional<Long> optionalNumber(String name) throws IOException {
            return members.get(name) == null ? Optional.empty() : Optional.of(number(name));
        }

        String string(String name) throws IOException {
            if (!(required(name) instanceof String text)) {
                throw new IOException(what + "'s " + name + " is not a string");
            }
            return text;
        }

        Optional<String> optionalString(String name) throws IOException {
            return members.get(name) == null ? Optional.empty() : Optional.of(string(name));
        }

        Instant instant(String name) throws IOException {
            try {
                return Instant.parse(string(name));
            } catch (DateTimeParseException e) {
                throw new IOException(what + "'s " + name + " is not an ISO-8601 instant", e);
            }
        }

        Optional<Instant> optionalInstant(String name) throws IOException {
            return members.get(name) == null ? Optional.empty() : Optional.of(instant(name));
        }

        /** An object of times by key; none when it is missing. */
        Map<String, Instant> optionalInstants(String name) throws IOException {
            Map<String, Instant> values = new LinkedHashMap<>();
            if (members.get(name) != null) {
                Members entries = Members.of(members.get(name), name);
                for (Object key : entries.members.keySet()) {
                    values.put((String) key, entries.instant((String) key));
                }
            }
            return values;
        }

        List<String> strings(String name) throws IOException {
            if (!(required(name) instanceof List<?> items) || !items.stream().allMatch(item -> item instanceof String)) {
                throw new IOException(what + "'s " + name + " is not a list of strings");
            }
            return items.stream().map(String.class::cast).toList();
        }

        <V> Map<String, V> map(String name, Reader<V> reader) throws IOException {
            Members entries = Members.of(required(name), what + "'s " + name);
            Map<String, V> values = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : entries.members.entrySet()) {
                values.put((String) entry.getKey(), reader.read(Members.of(entry.getValue(), name + " " + entry.getKey())));
            }
            return values;
        }
    }

    private interface Reader<V> {
        V read(Members members) throws IOException;
    }
}
