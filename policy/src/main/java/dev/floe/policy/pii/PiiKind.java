package dev.floe.policy.pii;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.DefaultTags;

/** The kinds of personal data the classifier proposes, each with its tag of the default set. */
public enum PiiKind {
  EMAIL(DefaultTags.EMAIL),
  PHONE(DefaultTags.PHONE),
  PERSON_NAME(DefaultTags.PERSON_NAME),
  POSTAL_ADDRESS(DefaultTags.POSTAL_ADDRESS),
  PAYMENT_CARD(DefaultTags.PAYMENT_CARD),
  IBAN(DefaultTags.IBAN),
  NATIONAL_ID(DefaultTags.NATIONAL_ID),
  IP_ADDRESS(DefaultTags.IP_ADDRESS),
  DATE_OF_BIRTH(DefaultTags.DATE_OF_BIRTH);

  private final String tag;

  PiiKind(String tag) {
    this.tag = requireNonNull(tag, "tag is null");
  }

  /** The tag a proposal of this kind assigns, e.g. {@code pii.email}. */
  public String tag() {
    return tag;
  }
}
