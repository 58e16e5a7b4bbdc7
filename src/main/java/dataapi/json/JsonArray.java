package dataapi.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A JSON array assembled in code; see {@link JsonObject}. */
public final class JsonArray {
    private final List<Object> items = new ArrayList<>();

    /** Appends a string, integer, boolean, {@link JsonObject} or {@link JsonArray}. */
    public JsonArray add(Object value) {
        items.add(JsonObject.checked(value));
        return this;
    }

    /** Appends a new empty object. */
    public JsonObject addObject() {
        JsonObject child = new JsonObject();
        add(child);
        return child;
    }

    List<Object> items() {
        return Collections.unmodifiableList(items);
    }
}
