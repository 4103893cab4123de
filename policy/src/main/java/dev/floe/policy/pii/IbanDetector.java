package dev.floe.policy.pii;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.IBANValidator;

/** International bank account numbers: the country's length and format and the mod-97 check digits. */
public final class IbanDetector implements PiiDetector {
  private static final Set<String> NAME_WORDS = Set.of("iban", "account", "bank", "acct");
  private static final Set<String> NAME_PHRASES = Set.of("iban", "bankaccount");
  private static final Pattern SPACES = Pattern.compile("\\s");

  private final IBANValidator validator = IBANValidator.getInstance();

  @Override
  public PiiKind kind() {
    return PiiKind.IBAN;
  }

  @Override
  public Proposal detect(Column column) {
    boolean nameFor = column.nameHas(NAME_WORDS, NAME_PHRASES);
    if (column.typeFamily() != Column.TypeFamily.STRING) {
      return new Proposal(kind(), 0, 0, 0, "not a string column");
    }
    int matching = 0;
    for (String text : column.texts()) {
      if (text.length() <= 42 && validator.isValid(SPACES.matcher(text).replaceAll("").toUpperCase(Locale.ROOT))) {
        matching++;
      }
    }
    return new Proposal(kind(), Confidence.of(matching, column.sampled(), nameFor, false), matching,
        column.sampled(), Confidence.describe("IBANs", matching, column.sampled(), nameFor, false));
  }
}
