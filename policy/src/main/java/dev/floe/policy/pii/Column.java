package dev.floe.policy.pii;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link ColumnSample} prepared once for all detectors: the name split into lower-case words,
 * the type's family, and the non-null, non-blank values.
 */
public final class Column {
  /** Values that stand for "no value" in exported data; they count as nulls. */
  private static final Set<String> PLACEHOLDERS =
      Set.of("n/a", "na", "null", "none", "unknown", "-", "--", "?", "tbd", "nil");

  private static final Pattern CAMEL_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
  private static final Pattern SEPARATORS = Pattern.compile("[^A-Za-z0-9]+");

  /** The family of an Iceberg type, which decides which detectors can apply. */
  public enum TypeFamily {
    STRING,
    INTEGER,
    DATE,
    TIMESTAMP,
    OTHER
  }

  private final String name;
  private final List<String> nameWords;
  private final String compactName;
  private final TypeFamily typeFamily;
  private final List<Object> values;
  private final List<String> texts;

  public Column(ColumnSample sample) {
    requireNonNull(sample, "sample is null");
    this.name = sample.name();
    this.nameWords = splitName(sample.name());
    this.compactName = String.join("", nameWords);
    this.typeFamily = typeFamily(sample.type());
    List<Object> kept = new ArrayList<>();
    List<String> keptTexts = new ArrayList<>();
    for (Object value : sample.values()) {
      if (value == null) {
        continue;
      }
      String text = value.toString().strip();
      if (text.isEmpty() || PLACEHOLDERS.contains(text.toLowerCase(Locale.ROOT))) {
        continue;
      }
      kept.add(value);
      keptTexts.add(text);
    }
    this.values = Collections.unmodifiableList(kept);
    this.texts = Collections.unmodifiableList(keptTexts);
  }

  static List<String> splitName(String name) {
    List<String> words = new ArrayList<>();
    for (String part : SEPARATORS.split(CAMEL_BOUNDARY.matcher(name).replaceAll("_"))) {
      if (!part.isEmpty()) {
        words.add(part.toLowerCase(Locale.ROOT));
      }
    }
    return List.copyOf(words);
  }

  static TypeFamily typeFamily(String icebergType) {
    String type = icebergType.strip().toLowerCase(Locale.ROOT);
    if (type.equals("string") || type.equals("varchar")) {
      return TypeFamily.STRING;
    }
    if (type.equals("int") || type.equals("integer") || type.equals("long") || type.startsWith("decimal")) {
      return TypeFamily.INTEGER;
    }
    if (type.equals("date")) {
      return TypeFamily.DATE;
    }
    if (type.startsWith("timestamp")) {
      return TypeFamily.TIMESTAMP;
    }
    return TypeFamily.OTHER;
  }

  public String name() {
    return name;
  }

  /** The name in lower-case words: {@code customerEMail_2} gives {@code [customer, e, mail, 2]}. */
  public List<String> nameWords() {
    return nameWords;
  }

  /** Whether one of the name's words is one of these, or the words joined contain one of the phrases. */
  public boolean nameHas(Set<String> words, Set<String> joinedPhrases) {
    for (String word : nameWords) {
      if (words.contains(word)) {
        return true;
      }
    }
    for (String phrase : joinedPhrases) {
      if (compactName.contains(phrase)) {
        return true;
      }
    }
    return false;
  }

  public TypeFamily typeFamily() {
    return typeFamily;
  }

  /** The non-null, non-blank sampled values as read. */
  public List<Object> values() {
    return values;
  }

  /** The same values as stripped text, index for index. */
  public List<String> texts() {
    return texts;
  }

  public int sampled() {
    return texts.size();
  }
}
