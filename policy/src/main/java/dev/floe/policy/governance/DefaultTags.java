package dev.floe.policy.governance;

import java.util.List;
import java.util.Set;

/**
 * The tags a new Floe installation starts with: {@code pii} and the nine kinds of personal data
 * Floe's classifiers propose. Stewards add their own ({@code pii.passport}, {@code confidential},
 * …) beside them.
 */
public final class DefaultTags {
  public static final String PII = "pii";
  public static final String EMAIL = "pii.email";
  public static final String PHONE = "pii.phone";
  public static final String PERSON_NAME = "pii.person_name";
  public static final String POSTAL_ADDRESS = "pii.postal_address";
  public static final String PAYMENT_CARD = "pii.payment_card";
  public static final String IBAN = "pii.iban";
  public static final String NATIONAL_ID = "pii.national_id";
  public static final String IP_ADDRESS = "pii.ip_address";
  public static final String DATE_OF_BIRTH = "pii.date_of_birth";

  private DefaultTags() {}

  /**
   * The default PII set, parent first, each at version 1.
   *
   * @param applierRoles the principal roles that may apply them (the data stewards)
   */
  public static List<TagDefinition> pii(Set<String> applierRoles) {
    return List.of(
        tag(PII, "Personal data: information about an identified or identifiable person", applierRoles),
        tag(EMAIL, "E-mail address", applierRoles),
        tag(PHONE, "Telephone number", applierRoles),
        tag(PERSON_NAME, "Name of a person (given name, family name, full name)", applierRoles),
        tag(POSTAL_ADDRESS, "Postal address or part of one (street, postcode, city)", applierRoles),
        tag(PAYMENT_CARD, "Payment card number (PAN)", applierRoles),
        tag(IBAN, "International bank account number", applierRoles),
        tag(NATIONAL_ID, "National identification number (social security, tax, passport)", applierRoles),
        tag(IP_ADDRESS, "IPv4 or IPv6 address", applierRoles),
        tag(DATE_OF_BIRTH, "Date of birth", applierRoles));
  }

  private static TagDefinition tag(String name, String description, Set<String> applierRoles) {
    return new TagDefinition(name, description, applierRoles, 1);
  }
}
