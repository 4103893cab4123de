package dev.floe.policy.pii;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * National identification numbers: US social security numbers ({@code 123-45-6789}, with the
 * area, group and serial rules of the SSA) and UK national insurance numbers. Nine bare digits
 * are an SSN only as weak evidence, and count fully only when the name says so.
 */
public final class NationalIdDetector implements PiiDetector {
  private static final Set<String> NAME_WORDS =
      Set.of("ssn", "ssns", "social", "nino", "nin", "sin", "tin", "taxid", "national", "nationalid", "itin");
  private static final Set<String> NAME_PHRASES = Set.of("socialsecurity", "nationalid", "taxid", "nationalinsurance");
  private static final Set<String> NAME_AGAINST =
      Set.of("sku", "part", "product", "order", "invoice", "zip", "postcode", "phone", "routing", "item", "model");
  private static final Pattern SSN_FORMATTED = Pattern.compile("(\\d{3})[- ](\\d{2})[- ](\\d{4})");
  private static final Pattern SSN_BARE = Pattern.compile("(\\d{3})(\\d{2})(\\d{4})");
  private static final Pattern NINO = Pattern.compile("(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TY-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]");
  private static final double BARE_WEIGHT = 0.5;

  @Override
  public PiiKind kind() {
    return PiiKind.NATIONAL_ID;
  }

  @Override
  public Proposal detect(Column column) {
    boolean nameFor = column.nameHas(NAME_WORDS, NAME_PHRASES);
    boolean nameAgainst = column.nameHas(NAME_AGAINST, Set.of());
    if (column.typeFamily() != Column.TypeFamily.STRING && column.typeFamily() != Column.TypeFamily.INTEGER) {
      return new Proposal(kind(), 0, 0, 0, "neither a string nor a number column");
    }
    int matching = 0;
    double weighted = 0;
    for (String text : column.texts()) {
      Matcher formatted = SSN_FORMATTED.matcher(text);
      Matcher bare = SSN_BARE.matcher(text);
      if (formatted.matches() && validSsn(formatted) || NINO.matcher(text).matches()) {
        matching++;
        weighted++;
      } else if (bare.matches() && validSsn(bare)) {
        matching++;
        weighted += nameFor ? 1 : BARE_WEIGHT;
      }
    }
    return new Proposal(kind(), Confidence.of(weighted, column.sampled(), nameFor, nameAgainst), matching,
        column.sampled(), Confidence.describe("national identification numbers", matching, column.sampled(), nameFor, nameAgainst));
  }

  private static boolean validSsn(Matcher ssn) {
    int area = Integer.parseInt(ssn.group(1));
    return area != 0 && area != 666 && area < 900
        && Integer.parseInt(ssn.group(2)) != 0
        && Integer.parseInt(ssn.group(3)) != 0;
  }
}
