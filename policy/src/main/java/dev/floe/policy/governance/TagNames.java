package dev.floe.policy.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.PolicyValidationException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The syntax of tag names: one to eight dot-separated segments, each a lower-case letter followed
 * by up to 62 lower-case letters, digits or underscores ({@code pii}, {@code pii.email}, {@code
 * confidential.finance_q3}); at most 255 characters. A tag's parent is the name without its last
 * segment: {@code pii.email} is a {@code pii}, and a mask on {@code pii} applies to columns tagged
 * {@code pii.email}. The depth of a tag is its number of segments.
 */
public final class TagNames {
  private static final Pattern SEGMENT = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final int MAX_DEPTH = 8;
  private static final int MAX_LENGTH = 255;

  private TagNames() {}

  /**
   * Checks a tag name's syntax.
   *
   * @return the name
   * @throws PolicyValidationException ({@link Problem#INVALID_TAG_NAME}) naming the fault
   */
  public static String check(String name) {
    requireNonNull(name, "name is null");
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      throw invalid(name, "a tag name has 1 to " + MAX_LENGTH + " characters");
    }
    String[] segments = name.split("\\.", -1);
    if (segments.length > MAX_DEPTH) {
      throw invalid(name, "a tag name has at most " + MAX_DEPTH + " segments");
    }
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw invalid(
            name,
            segment.isEmpty()
                ? "empty segment"
                : "segment '%s' must start with a lower-case letter and hold only lower-case letters, digits and underscores (at most 63)"
                    .formatted(segment));
      }
    }
    return name;
  }

  /** Whether {@code name} is a syntactically valid tag name. */
  public static boolean isValid(String name) {
    try {
      check(name);
      return true;
    } catch (PolicyValidationException exception) {
      return false;
    }
  }

  /** The number of segments: 1 for {@code pii}, 2 for {@code pii.email}. */
  public static int depth(String name) {
    int depth = 1;
    for (int index = 0; index < name.length(); index++) {
      if (name.charAt(index) == '.') {
        depth++;
      }
    }
    return depth;
  }

  /** The tag and its ancestors, deepest first: {@code [pii.email, pii]}. */
  public static List<String> selfAndAncestors(String name) {
    List<String> chain = new ArrayList<>(depth(name));
    String current = name;
    while (true) {
      chain.add(current);
      int dot = current.lastIndexOf('.');
      if (dot < 0) {
        return chain;
      }
      current = current.substring(0, dot);
    }
  }

  private static PolicyValidationException invalid(String name, String why) {
    return new PolicyValidationException(
        Problem.INVALID_TAG_NAME, "Invalid tag name '%s': %s".formatted(name, why));
  }
}
