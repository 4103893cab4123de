package dev.floe.policy.pii;

import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.CreditCardValidator;

/**
 * Payment card numbers: a known scheme's prefix and length and a valid Luhn check digit. One
 * random number in ten passes Luhn, so order numbers that happen to have a card's prefix and
 * length match now and then; the share of matching values keeps such columns out.
 */
public final class PaymentCardDetector implements PiiDetector {
  private static final Set<String> NAME_WORDS = Set.of("card", "cc", "pan", "ccnum", "cardnumber", "creditcard");
  private static final Set<String> NAME_PHRASES = Set.of("creditcard", "cardnumber", "cardno", "ccnumber");
  private static final Set<String> NAME_AGAINST =
      Set.of("order", "invoice", "sku", "imei", "tracking", "serial", "isbn", "ean", "gtin", "barcode");
  private static final Pattern CARD_TEXT = Pattern.compile("\\d{4}([ -]?\\d{2,7}){2,4}|\\d{13,19}");
  private static final Pattern SEPARATORS = Pattern.compile("[ -]");

  private final CreditCardValidator validator = new CreditCardValidator(
      CreditCardValidator.AMEX + CreditCardValidator.VISA + CreditCardValidator.MASTERCARD
          + CreditCardValidator.DISCOVER + CreditCardValidator.DINERS);

  @Override
  public PiiKind kind() {
    return PiiKind.PAYMENT_CARD;
  }

  @Override
  public Proposal detect(Column column) {
    boolean nameFor = column.nameHas(NAME_WORDS, NAME_PHRASES);
    boolean nameAgainst = column.nameHas(NAME_AGAINST, Set.of());
    if (column.typeFamily() != Column.TypeFamily.STRING && column.typeFamily() != Column.TypeFamily.INTEGER) {
      return new Proposal(kind(), 0, 0, 0, "neither a string nor a number column");
    }
    int matching = 0;
    for (String text : column.texts()) {
      if (CARD_TEXT.matcher(text).matches() && validator.isValid(SEPARATORS.matcher(text).replaceAll(""))) {
        matching++;
      }
    }
    return new Proposal(kind(), Confidence.of(matching, column.sampled(), nameFor, nameAgainst), matching,
        column.sampled(), Confidence.describe("payment card numbers", matching, column.sampled(), nameFor, nameAgainst));
  }
}
