package dev.floe.policy.pii;

import static java.util.Objects.requireNonNull;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Telephone numbers, valid by libphonenumber's metadata: international ({@code +44 20 7946 0018})
 * or national in one of the configured regions ({@code (415) 555-2671}). Bare digit strings are
 * only weak evidence, since many IDs are valid numbers by chance; dates, IP and version strings
 * are not numbers at all.
 */
public final class PhoneDetector implements PiiDetector {
  /** Regions whose national formats are tried for numbers without a country code. */
  public static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "DE", "FR");

  private static final Set<String> NAME_WORDS =
      Set.of("phone", "tel", "telephone", "mobile", "cell", "fax", "msisdn", "telefon", "handy", "contact", "landline");
  private static final Set<String> NAME_PHRASES = Set.of("phone", "mobile", "msisdn");
  private static final Set<String> NAME_AGAINST =
      Set.of("order", "invoice", "sku", "id", "serial", "tracking", "count", "amount", "zip", "account", "isbn");
  private static final Pattern PHONE_TEXT =
      Pattern.compile("\\+?\\(?\\d[\\d ()./-]{5,22}\\d(\\s*(x|ext\\.?|#)\\s*\\d{1,5})?", Pattern.CASE_INSENSITIVE);
  private static final Pattern BARE_DIGITS = Pattern.compile("\\d+");
  /** Dates, dotted versions and addresses, and the 3-2-4 shape of US social security numbers. */
  private static final Pattern NOT_A_PHONE = Pattern.compile("\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}"
      + "|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}|\\d+\\.\\d+\\.\\d+(\\.\\d+)*|\\d{3}[- ]\\d{2}[- ]\\d{4}");
  private static final double BARE_WEIGHT = 0.4;

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final List<String> regions;

  public PhoneDetector() {
    this(DEFAULT_REGIONS);
  }

  public PhoneDetector(List<String> regions) {
    this.regions = List.copyOf(requireNonNull(regions, "regions is null"));
  }

  @Override
  public PiiKind kind() {
    return PiiKind.PHONE;
  }

  @Override
  public Proposal detect(Column column) {
    boolean nameFor = column.nameHas(NAME_WORDS, NAME_PHRASES);
    boolean nameAgainst = !nameFor && column.nameHas(NAME_AGAINST, Set.of());
    if (column.typeFamily() != Column.TypeFamily.STRING && column.typeFamily() != Column.TypeFamily.INTEGER) {
      return new Proposal(kind(), 0, 0, 0, "neither a string nor a number column");
    }
    int matching = 0;
    double weighted = 0;
    for (String text : column.texts()) {
      if (!PHONE_TEXT.matcher(text).matches() || NOT_A_PHONE.matcher(text).matches() || !valid(text)) {
        continue;
      }
      matching++;
      boolean bare = BARE_DIGITS.matcher(text).matches();
      weighted += bare && !nameFor ? BARE_WEIGHT : 1;
    }
    return new Proposal(kind(), Confidence.of(weighted, column.sampled(), nameFor, nameAgainst), matching,
        column.sampled(), Confidence.describe("phone numbers", matching, column.sampled(), nameFor, nameAgainst));
  }

  private boolean valid(String text) {
    if (text.startsWith("+") || text.startsWith("00")) {
      return validIn(text.startsWith("00") ? "+" + text.substring(2) : text, "ZZ");
    }
    for (String region : regions) {
      if (validIn(text, region)) {
        return true;
      }
    }
    return false;
  }

  private boolean validIn(String text, String region) {
    try {
      PhoneNumber number = util.parse(text, region);
      return util.isValidNumber(number);
    } catch (NumberParseException e) {
      return false;
    }
  }
}
