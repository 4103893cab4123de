package dev.floe.policy.pii;

import java.util.Set;
import org.apache.commons.validator.routines.EmailValidator;

/** E-mail addresses: the whole value must be one address (free text that contains one is not). */
public final class EmailDetector implements PiiDetector {
  private static final Set<String> NAME_WORDS = Set.of("email", "mail", "emails", "mailbox", "courriel");
  private static final Set<String> NAME_PHRASES = Set.of("email");
  private static final Set<String> NAME_AGAINST = Set.of("domain", "template", "subject", "body", "status");

  private final EmailValidator validator = EmailValidator.getInstance(false, false);

  @Override
  public PiiKind kind() {
    return PiiKind.EMAIL;
  }

  @Override
  public Proposal detect(Column column) {
    boolean nameFor = column.nameHas(NAME_WORDS, NAME_PHRASES);
    boolean nameAgainst = column.nameHas(NAME_AGAINST, Set.of());
    int matching = 0;
    if (column.typeFamily() == Column.TypeFamily.STRING) {
      for (String text : column.texts()) {
        if (validator.isValid(stripMailto(text))) {
          matching++;
        }
      }
    }
    int sampled = column.typeFamily() == Column.TypeFamily.STRING ? column.sampled() : 0;
    return new Proposal(kind(), Confidence.of(matching, sampled, nameFor, nameAgainst), matching, sampled,
        Confidence.describe("e-mail addresses", matching, sampled, nameFor, nameAgainst));
  }

  private static String stripMailto(String text) {
    return text.regionMatches(true, 0, "mailto:", 0, 7) ? text.substring(7) : text;
  }
}
