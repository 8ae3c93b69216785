package dev.reslab.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.reslab.ReslabException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON document that cannot be read as what it should hold, in one line: {@code RUN/config.json:
 * "model.widthFactor" at line 4, column 12 must be a number, found "wide"}. Jackson says "Cannot
 * deserialize value of type `double` from String "wide"" with a source reference and no line when
 * the document was read as a tree first; the field's line and column are found here in the
 * document's own text.
 */
public final class JsonFileError extends ReslabException {
  private static final long serialVersionUID = 1L;

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonFileError(String message, Throwable cause) {
    super(message, cause);
  }

  /** What is wrong with JSON file {@code file}, named first. */
  public static JsonFileError of(Path file, JsonProcessingException e) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException | RuntimeException unreadable) {
      text = null; // the problem is still said, without a line
    }
    return of(file.toString(), text, e);
  }

  /**
   * What is wrong with JSON {@code json} (null when unknown), which {@code where} names (a file, a
   * database record).
   */
  public static JsonFileError of(String where, String json, JsonProcessingException e) {
    return new JsonFileError(where + ": " + describe(json, e), e);
  }

  /** The problem without the source's name. */
  static String describe(String json, JsonProcessingException e) {
    if (!(e instanceof DatabindException)) {
      // not JSON at all: the parser's own words are clear, its location is the text's
      return at(e.getLocation()) + ": not valid JSON: " + parserWords(e);
    }
    List<Object> path = new ArrayList<>();
    if (e instanceof JsonMappingException m) {
      for (JsonMappingException.Reference r : m.getPath()) {
        path.add(r.getFieldName() != null ? r.getFieldName() : (Object) r.getIndex());
      }
    }
    Found found = json == null ? null : Found.in(json, path);
    String where =
        (path.isEmpty() ? "the document" : "\"" + dotted(path) + "\"")
            + (found == null ? "" : " at " + found.at(e instanceof UnrecognizedPropertyException));
    if (e instanceof UnrecognizedPropertyException u) {
      return where + " is not a known field" + known(u.getKnownPropertyIds());
    }
    Throwable cause = e.getCause();
    if (e instanceof ValueInstantiationException vi && found != null) {
      // Jackson builds a record before it reports unknown fields: a misspelt field reads as a
      // missing one, whose check then fails; name the misspelling instead
      List<String> components = components(vi);
      for (Map.Entry<String, JsonLocation> f : found.fields().entrySet()) {
        if (!components.isEmpty() && !components.contains(f.getKey())) {
          List<Object> field = new ArrayList<>(path);
          field.add(f.getKey());
          return "\""
              + dotted(field)
              + "\" at "
              + Found.where(f.getValue())
              + " is not a known field"
              + known(new ArrayList<>(components));
        }
      }
      if (cause instanceof NullPointerException npe
          && npe.getMessage() != null
          && components.contains(npe.getMessage())) {
        // Objects.requireNonNull(stem, "stem"): a required field is missing
        List<Object> field = new ArrayList<>(path);
        field.add(npe.getMessage());
        return "\"" + dotted(field) + "\" is missing from the object at " + found.at(false);
      }
    }
    if (e instanceof ValueInstantiationException
        || cause instanceof IllegalArgumentException
        || cause instanceof ReslabException) {
      // the configuration's own check said what is wrong
      Throwable reason = cause != null ? cause : e;
      return where + ": " + firstLine(reason.getMessage());
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      String value =
          found != null
              ? found.value
              : e instanceof InvalidFormatException f ? quoted(f.getValue()) : null;
      return where
          + " must be "
          + expected(mismatch.getTargetType())
          + (value == null ? "" : ", found " + value);
    }
    return where + ": " + parserWords(e);
  }

  /** The fields of the record Jackson was building, or none when it is not a record. */
  private static List<String> components(ValueInstantiationException e) {
    Class<?> type = e.getType() == null ? null : e.getType().getRawClass();
    if (type == null || !type.isRecord()) {
      return List.of();
    }
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
  }

  private static String at(JsonLocation l) {
    return l == null || l.getLineNr() < 1
        ? "somewhere"
        : "line " + l.getLineNr() + ", column " + l.getColumnNr();
  }

  /** Jackson's message without its source reference and class names. */
  private static String parserWords(JsonProcessingException e) {
    String words = firstLine(e.getOriginalMessage());
    return words.replaceAll("\\s*\\(start marker at \\[Source:.*?\\]\\)", "").replace("`", "");
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("").trim();
  }

  /** model.depths[2] */
  private static String dotted(List<Object> path) {
    StringBuilder b = new StringBuilder();
    for (Object p : path) {
      if (p instanceof Integer i) {
        b.append('[').append(i).append(']');
      } else {
        b.append(b.length() == 0 ? "" : ".").append(p);
      }
    }
    return b.toString();
  }

  private static String known(Collection<?> ids) {
    if (ids == null || ids.isEmpty()) {
      return "";
    }
    return "; expected one of "
        + String.join(", ", ids.stream().map(id -> "\"" + id + "\"").sorted().toList());
  }

  private static String expected(Class<?> type) {
    if (type == int.class
        || type == long.class
        || type == short.class
        || type == Integer.class
        || type == Long.class
        || type == Short.class) {
      return "a whole number";
    }
    if (type == double.class || type == float.class || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class || type == char.class || type.isEnum()) {
      return "a string";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return Map.class.isAssignableFrom(type) || !type.isPrimitive() ? "an object" : "a value";
  }

  private static String quoted(Object value) {
    return value instanceof String s ? "\"" + shorten(s) + "\"" : String.valueOf(value);
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }

  /**
   * Where a path's field and value are in the text, the value as written, and the fields of the
   * object there (its line and column for each).
   */
  private record Found(
      JsonLocation name, JsonLocation valueAt, String value, Map<String, JsonLocation> fields) {
    String at(boolean preferName) {
      return where(preferName && name != null ? name : valueAt);
    }

    static String where(JsonLocation l) {
      return "line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    /** Walks the text to {@code path}; null when the text is not JSON or lacks the path. */
    static Found in(String json, List<Object> path) {
      // each open container: its path, and the next element's index (lists) or field (objects)
      Deque<Object[]> open = new ArrayDeque<>();
      JsonLocation name = null;
      JsonLocation valueAt = null;
      String value = null;
      Map<String, JsonLocation> fields = new LinkedHashMap<>();
      try (JsonParser p = FACTORY.createParser(json)) {
        JsonToken t;
        while ((t = p.nextToken()) != null) {
          if (t == JsonToken.FIELD_NAME) {
            open.peek()[1] = p.currentName();
            if (open.peek()[0].equals(path)) {
              fields.putIfAbsent(p.currentName(), p.currentTokenLocation());
            }
            if (pathOf(open).equals(path)) {
              name = p.currentTokenLocation();
            }
            continue;
          }
          if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
            boolean done = open.pop()[0].equals(path);
            advance(open);
            if (done) {
              break;
            }
            continue;
          }
          List<Object> here = pathOf(open);
          if (here.equals(path)) {
            valueAt = p.currentTokenLocation();
            value = describe(p, t);
          }
          if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            open.push(new Object[] {here, t == JsonToken.START_ARRAY ? 0 : null});
          } else {
            advance(open);
            if (here.equals(path)) {
              break;
            }
          }
        }
      } catch (IOException | RuntimeException notJson) {
        return null;
      }
      return valueAt == null ? null : new Found(name, valueAt, value, fields);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> pathOf(Deque<Object[]> open) {
      if (open.isEmpty()) {
        return List.of();
      }
      Object[] top = open.peek();
      List<Object> p = new ArrayList<>((List<Object>) top[0]);
      p.add(top[1]);
      return p;
    }

    /** After a value inside a list, the next index. */
    private static void advance(Deque<Object[]> open) {
      if (!open.isEmpty() && open.peek()[1] instanceof Integer i) {
        open.peek()[1] = i + 1;
      }
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
      return switch (t) {
        case START_OBJECT -> "an object";
        case START_ARRAY -> "a list";
        case VALUE_STRING -> "\"" + shorten(p.getText()) + "\"";
        case VALUE_NULL -> "null";
        default -> Objects.toString(p.getText());
      };
    }
  }
}
