package dev.floe.policy.pii;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The small word lists the person-name detector consults: given names, family names and places
 * (resources beside this class). Lookups fold case and accents: {@code José} finds {@code jose}.
 */
public final class NameLists {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private final Set<String> givenNames;
  private final Set<String> familyNames;
  private final Set<String> places;

  public NameLists(Set<String> givenNames, Set<String> familyNames, Set<String> places) {
    this.givenNames = Set.copyOf(requireNonNull(givenNames, "givenNames is null"));
    this.familyNames = Set.copyOf(requireNonNull(familyNames, "familyNames is null"));
    this.places = Set.copyOf(requireNonNull(places, "places is null"));
  }

  /** The lists shipped with Floe. */
  public static NameLists defaults() {
    return new NameLists(words("first-names.txt"), words("surnames.txt"), lines("places.txt"));
  }

  public static String fold(String text) {
    return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
  }

  public boolean isGivenName(String word) {
    return givenNames.contains(fold(word));
  }

  public boolean isFamilyName(String word) {
    return familyNames.contains(fold(word));
  }

  public boolean isPlace(String text) {
    return places.contains(fold(text));
  }

  private static Set<String> words(String resource) {
    Set<String> words = new HashSet<>();
    for (String line : lines(resource)) {
      for (String word : line.split("\\s+")) {
        words.add(word);
      }
    }
    return words;
  }

  private static Set<String> lines(String resource) {
    Set<String> lines = new HashSet<>();
    try (InputStream stream = NameLists.class.getResourceAsStream(resource)) {
      if (stream == null) {
        throw new IllegalStateException("missing resource " + resource + " beside " + NameLists.class.getName());
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String text = line.strip();
        if (!text.isEmpty() && !text.startsWith("#")) {
          lines.add(fold(text));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return lines;
  }
}
