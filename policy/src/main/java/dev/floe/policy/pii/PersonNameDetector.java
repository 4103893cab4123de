package dev.floe.policy.pii;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names of people: one to four words of letters (titles, initials and suffixes aside) of which
 * the first is a known given name or the last a known family name; {@code Last, First} too. A
 * value that is a known place ({@code Austin}, {@code Charlotte}) is not a name, and words that
 * belong to streets, companies or places ({@code Street}, {@code Inc}, {@code San}) rule it out.
 */
public final class PersonNameDetector implements PiiDetector {
  private static final Set<String> NAME_WORDS = Set.of("name", "names", "first", "last", "given", "family",
      "surname", "forename", "fullname", "firstname", "lastname", "person", "holder", "recipient", "patient",
      "nom", "nombre", "vorname", "nachname", "contact");
  private static final Set<String> NAME_PHRASES = Set.of("firstname", "lastname", "fullname", "surname", "givenname");
  private static final Set<String> NAME_AGAINST = Set.of("product", "company", "city", "town", "place", "country",
      "region", "state", "street", "file", "host", "brand", "category", "team", "store", "item", "model", "user",
      "login", "handle", "table", "column", "department", "project", "location", "venue", "org", "organization",
      "merchant", "vendor", "supplier", "shop", "hotel", "airport", "station");
  private static final Set<String> NOT_IN_NAMES = Set.of("street", "st", "road", "avenue", "lane", "inc", "ltd",
      "llc", "gmbh", "corp", "co", "company", "group", "bank", "the", "of", "and", "for", "city", "park", "new",
      "san", "santa", "los", "las", "saint", "fort", "port", "lake", "north", "south", "east", "west", "university",
      "school", "hotel", "airport", "station", "hospital", "store", "shop", "services", "solutions", "systems");
  private static final Set<String> TITLES_AND_SUFFIXES =
      Set.of("mr", "mrs", "ms", "miss", "dr", "prof", "sir", "jr", "sr", "ii", "iii", "iv", "phd", "md", "herr", "frau", "mme", "m");
  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*\\.?");
  private static final Pattern INITIAL = Pattern.compile("\\p{L}\\.?");

  private final NameLists lists;

  public PersonNameDetector() {
    this(NameLists.defaults());
  }

  public PersonNameDetector(NameLists lists) {
    this.lists = requireNonNull(lists, "lists is null");
  }

  @Override
  public PiiKind kind() {
    return PiiKind.PERSON_NAME;
  }

  @Override
  public Proposal detect(Column column) {
    boolean nameFor = column.nameHas(NAME_WORDS, NAME_PHRASES);
    boolean nameAgainst = column.nameHas(NAME_AGAINST, Set.of());
    if (column.typeFamily() != Column.TypeFamily.STRING) {
      return new Proposal(kind(), 0, 0, 0, "not a string column");
    }
    int matching = 0;
    for (String text : column.texts()) {
      if (isPersonName(text)) {
        matching++;
      }
    }
    return new Proposal(kind(), Confidence.of(matching, column.sampled(), nameFor, nameAgainst), matching,
        column.sampled(), Confidence.describe("names of people", matching, column.sampled(), nameFor, nameAgainst));
  }

  boolean isPersonName(String text) {
    if (text.length() > 60 || lists.isPlace(text)) {
      return false;
    }
    String ordered = text;
    int comma = text.indexOf(',');
    if (comma > 0) {
      if (comma != text.lastIndexOf(',')) {
        return false;
      }
      ordered = text.substring(comma + 1).strip() + " " + text.substring(0, comma).strip();
    }
    List<String> words = new ArrayList<>();
    for (String token : ordered.split("\\s+")) {
      if (!WORD.matcher(token).matches()) {
        return false;
      }
      String bare = token.endsWith(".") ? token.substring(0, token.length() - 1) : token;
      String lower = NameLists.fold(bare);
      if (NOT_IN_NAMES.contains(lower)) {
        return false;
      }
      if (TITLES_AND_SUFFIXES.contains(lower) || INITIAL.matcher(token).matches()) {
        continue;
      }
      if (!capitalized(bare)) {
        return false;
      }
      words.add(bare);
    }
    if (words.isEmpty() || words.size() > 4) {
      return false;
    }
    String first = words.getFirst();
    String last = words.getLast();
    if (words.size() == 1) {
      return lists.isGivenName(first) || knownFamilyName(first);
    }
    return lists.isGivenName(first) || knownFamilyName(last);
  }

  private boolean knownFamilyName(String word) {
    if (lists.isFamilyName(word)) {
      return true;
    }
    for (String part : word.split("-")) {
      if (!part.isEmpty() && lists.isFamilyName(part)) {
        return true;
      }
    }
    return false;
  }

  /** {@code Smith}, {@code SMITH}, {@code O'Brien}; not {@code smith}. */
  private static boolean capitalized(String word) {
    return Character.isUpperCase(word.codePointAt(0));
  }
}
