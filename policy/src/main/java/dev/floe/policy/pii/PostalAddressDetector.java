package dev.floe.policy.pii;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Street addresses: a house number and a street in one of the usual orders ({@code 221B Baker
 * Street}, {@code Hauptstraße 5}, {@code 12 rue de la Paix}, {@code Calle Mayor 7}) or a post
 * office box, optionally followed by the rest of the address. The value must start with the
 * address: free text that mentions a street is not one. A postcode or a city alone is not
 * proposed (too little to identify a person, and too easily confused with other codes).
 */
public final class PostalAddressDetector implements PiiDetector {
  private static final Set<String> NAME_WORDS = Set.of("address", "addr", "street", "addressline", "line1", "line2",
      "shipping", "billing", "residence", "mailing", "adresse", "direccion", "strasse", "domicile");
  private static final Set<String> NAME_PHRASES = Set.of("address", "street", "addressline");
  private static final Set<String> NAME_AGAINST = Set.of("ip", "email", "mac", "web", "url", "host", "memory", "wallet");

  private static final String STREET_WORD = "[A-Z0-9][\\p{L}0-9.'’-]*";
  private static final String STREET_TYPE = "(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct"
      + "|way|place|pl|terrace|close|crescent|square|sq|parkway|pkwy|highway|hwy|circle|cir|row|gardens|walk|trail"
      + "|mews|grove)\\.?";
  private static final String TAIL = "(?=$|,|\\s+(?i:apt|apartment|suite|ste|unit|flat|floor|fl|#)\\b|\\s+#)";
  private static final List<Pattern> PATTERNS = List.of(
      // 221B Baker Street, 1600 Pennsylvania Ave NW, 10 Downing St, Apt 4
      Pattern.compile("^\\d{1,6}[A-Za-z]?(-\\d{1,4})?,?\\s+(" + STREET_WORD + "\\s+){1,4}" + STREET_TYPE
          + "(\\s+(?i:n|s|e|w|ne|nw|se|sw))?" + TAIL + ".*"),
      // Hauptstraße 5, Keizersgracht 123, Drottninggatan 12 B, Am Markt 3
      Pattern.compile("^(" + STREET_WORD + "\\s+){0,3}\\p{L}*(?i:straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm"
          + "|laan|straat|gracht|plein|vej|gade|gatan|gata|veien|vegen|ulica|utca)\\s+\\d{1,5}\\s?[a-zA-Z]?\\b.*"),
      // 12 rue de la Paix, 3 bis avenue Foch
      Pattern.compile("^\\d{1,4}(\\s?(?i:bis|ter))?,?\\s+(?i:rue|avenue|av\\.|boulevard|bd|place|chemin|allée|allee"
          + "|impasse|quai|route|cours)\\s+\\p{L}.*"),
      // Calle Mayor 7, Via Roma 10, Rua Augusta 274
      Pattern.compile("^(?i:calle|c/|avenida|avda\\.|paseo|plaza|via|viale|piazza|corso|rua|travessa|largo)\\s+"
          + "(" + STREET_WORD + "\\s+|(?i:de|del|la|dei|da|do|dos)\\s+){1,5}\\d{1,5}\\b.*"),
      // PO Box 1234, Postfach 10 20 30
      Pattern.compile("^(?i:p\\.?\\s?o\\.?\\s?box|postfach|apartado|boîte postale|bp)\\s*\\d[\\d ]*\\b.*"));

  @Override
  public PiiKind kind() {
    return PiiKind.POSTAL_ADDRESS;
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
      if (isAddress(text)) {
        matching++;
      }
    }
    return new Proposal(kind(), Confidence.of(matching, column.sampled(), nameFor, nameAgainst), matching,
        column.sampled(), Confidence.describe("street addresses", matching, column.sampled(), nameFor, nameAgainst));
  }

  static boolean isAddress(String text) {
    if (text.length() > 160 || text.indexOf('@') >= 0) {
      return false;
    }
    for (Pattern pattern : PATTERNS) {
      if (pattern.matcher(text).matches()) {
        return true;
      }
    }
    return false;
  }
}
