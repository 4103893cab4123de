package dev.floe.policy.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TestPiiDetectors {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
  private final PiiClassifier classifier = new PiiClassifier(
      List.of(new EmailDetector(), new PhoneDetector(), new PersonNameDetector(), new PostalAddressDetector(),
          new PaymentCardDetector(), new IbanDetector(), new NationalIdDetector(), new IpAddressDetector(),
          new DateOfBirthDetector(CLOCK)),
      PiiClassifier.DEFAULT_THRESHOLD);

  private Set<PiiKind> kinds(String name, String type, List<Object> values) {
    return classifier.classify(new ColumnSample(name, type, values)).stream()
        .map(Proposal::kind)
        .collect(Collectors.toSet());
  }

  private static List<Object> repeat(int count, IntFunction<Object> value) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(value.apply(i));
    }
    return values;
  }

  private static List<Object> cycle(int count, Object... values) {
    return repeat(count, i -> values[i % values.length]);
  }

  @Test
  void emailNeedsWholeValuesNotTheName() {
    assertThat(kinds("notes", "string", cycle(50, "ann.lee@example.com", "bob@mail.example.org", "c.d@firm.co.uk")))
        .containsExactly(PiiKind.EMAIL);
    assertThat(kinds("email", "string", cycle(50, "pending", "bounced", "verified"))).isEmpty();
    assertThat(kinds("comment", "string", cycle(50, "please write to ann.lee@example.com soon", "call bob@example.org")))
        .isEmpty();
    // a name alone, without values, stays below the threshold
    assertThat(kinds("email", "string", List.of())).isEmpty();
  }

  @Test
  void emailTolerateSomeNullsAndPlaceholders() {
    List<Object> values = cycle(40, "ann.lee@example.com", "bob@example.org", "n/a");
    values.add(null);
    values.add("");
    ColumnSample sample = new ColumnSample("contact_email", "string", values);
    Proposal proposal = classifier.classify(sample).getFirst();
    assertThat(proposal.kind()).isEqualTo(PiiKind.EMAIL);
    assertThat(proposal.sampledValues()).isEqualTo(27);
    assertThat(proposal.matchingValues()).isEqualTo(27);
  }

  @Test
  void phoneNumbersButNotIdsDatesOrVersions() {
    assertThat(kinds("phone", "string", cycle(40, "+1 415-555-2671", "+44 20 7946 0018", "(212) 555-0175", "030 901820")))
        .containsExactly(PiiKind.PHONE);
    assertThat(kinds("mobile", "string", cycle(40, "+49 151 23456789", "+33 6 12 34 56 78", "+1 (646) 555-3890")))
        .containsExactly(PiiKind.PHONE);
    assertThat(kinds("order_id", "string", repeat(60, i -> Long.toString(2015550100L + i * 7919L)))).isEmpty();
    assertThat(kinds("created", "string", repeat(60, i -> "2024-03-" + (10 + i % 18)))).isEmpty();
    assertThat(kinds("build", "string", repeat(60, i -> "4." + (i % 9) + "." + (i % 13) + ".2"))).isEmpty();
  }

  @Test
  void personNamesButNotCities() {
    assertThat(kinds("customer", "string", cycle(40, "Mary Johnson", "Lukas Weber", "Priya Sharma", "O'Brien, Sean")))
        .containsExactly(PiiKind.PERSON_NAME);
    assertThat(kinds("first_name", "string", cycle(40, "Emma", "Noah", "Léa", "José", "Hiroshi")))
        .containsExactly(PiiKind.PERSON_NAME);
    assertThat(kinds("city", "string", cycle(40, "Austin", "Charlotte", "Madison", "Jackson", "Paris", "San Jose")))
        .isEmpty();
    assertThat(kinds("destination", "string", cycle(40, "Florence", "Victoria", "Lincoln", "Berlin", "Osaka")))
        .isEmpty();
    assertThat(kinds("product_name", "string", cycle(40, "Ultra Widget", "Mega Blender 3000", "Garden Hose")))
        .isEmpty();
  }

  @Test
  void streetAddressesButNotFreeText() {
    assertThat(kinds("address", "string", cycle(40, "221B Baker Street, London NW1 6XE", "1600 Pennsylvania Ave NW",
        "Hauptstraße 5, 10115 Berlin", "12 rue de la Paix", "Calle Mayor 7", "PO Box 1234")))
        .containsExactly(PiiKind.POSTAL_ADDRESS);
    assertThat(kinds("comment", "string", cycle(40, "12 people came to the Main Street fair",
        "we met on 5th avenue", "Street food was great"))).isEmpty();
  }

  @Test
  void paymentCardsButNotOrderNumbersThatPassLuhnByChance() {
    assertThat(kinds("pan", "string", cycle(40, "4111 1111 1111 1111", "5500-0000-0000-0004", "340000000000009",
        "6011000000000004"))).containsExactly(PiiKind.PAYMENT_CARD);
    // 16-digit order numbers starting with 4: one in ten passes Luhn
    assertThat(kinds("order_number", "string", repeat(200, i -> Long.toString(4000000000000000L + i * 1234567L))))
        .doesNotContain(PiiKind.PAYMENT_CARD);
    // IMEIs carry a Luhn digit but no card prefix and length
    assertThat(kinds("device", "string", cycle(20, "356938035643809", "490154203237518"))).isEmpty();
  }

  @Test
  void ibans() {
    assertThat(kinds("payout", "string", cycle(40, "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
        "FR1420041010050500013M02606"))).containsExactly(PiiKind.IBAN);
    // same shape, wrong check digits
    assertThat(kinds("ref", "string", cycle(40, "DE88 3704 0044 0532 0130 00", "GB83WEST12345698765432"))).isEmpty();
  }

  @Test
  void nationalIdsButNotPartNumbers() {
    assertThat(kinds("ssn", "string", cycle(40, "123-45-6789", "078-05-1120", "219-09-9999")))
        .containsExactly(PiiKind.NATIONAL_ID);
    assertThat(kinds("nino", "string", cycle(40, "AB123456C", "JG 10 37 69 B"))).containsExactly(PiiKind.NATIONAL_ID);
    // invalid areas: 000, 666, 9xx
    assertThat(kinds("ssn", "string", cycle(40, "000-12-3456", "666-12-3456", "912-12-3456"))).isEmpty();
    // bare nine digits without a name saying so are only weak evidence
    assertThat(kinds("code", "string", repeat(60, i -> Integer.toString(123456789 + i * 1001)))).isEmpty();
    assertThat(kinds("part_no", "string", cycle(40, "123-45-6789", "231-54-9876"))).isEmpty();
  }

  @Test
  void ipAddressesButNotVersions() {
    assertThat(kinds("client_ip", "string", cycle(40, "203.0.113.9", "198.51.100.27", "2001:db8::1", "10.0.0.5")))
        .containsExactly(PiiKind.IP_ADDRESS);
    assertThat(kinds("source", "string", cycle(40, "203.0.113.9", "198.51.100.27", "192.0.2.200")))
        .containsExactly(PiiKind.IP_ADDRESS);
    assertThat(kinds("agent_version", "string", cycle(40, "1.2.3.4", "2.14.0.1", "10.0.2.17"))).isEmpty();
    assertThat(kinds("tag", "string", cycle(40, "1.2.3.4", "2.14.0.1", "3.0.0.12"))).isEmpty();
  }

  @Test
  void birthDatesNeedPlausibleAgesSpreadAndABirthName() {
    List<Object> births = repeat(60, i -> LocalDate.of(1940 + i % 60, 1 + i % 12, 1 + i % 28));
    assertThat(kinds("date_of_birth", "date", births)).containsExactly(PiiKind.DATE_OF_BIRTH);
    assertThat(kinds("dob", "string", repeat(60, i -> String.format("%02d/%02d/%d", 1 + i % 28, 1 + i % 12, 1950 + i % 50))))
        .containsExactly(PiiKind.DATE_OF_BIRTH);
    // the same dates under another name: could be hire dates
    assertThat(kinds("hired_on", "date", births)).isEmpty();
    // recent dates named birth are not plausible birth dates of a population
    assertThat(kinds("birth_date", "date", repeat(60, i -> LocalDate.of(2026, 1 + i % 5, 1 + i % 28)))).isEmpty();
    // future dates
    assertThat(kinds("birthday", "date", repeat(60, i -> LocalDate.of(2030 + i % 20, 1, 1)))).isEmpty();
  }

  @Test
  void proposalsCarryCountsNotValues() {
    Proposal proposal = classifier.classify(new ColumnSample("email", "string", cycle(10, "secret.person@example.com")))
        .getFirst();
    assertThat(proposal.evidence()).doesNotContain("secret").contains("10 of 10");
    assertThat(proposal.tag()).isEqualTo("pii.email");
  }

  @Test
  void nameWords() {
    assertThat(Column.splitName("customerEMail_2")).isEqualTo(Arrays.asList("customer", "e", "mail", "2"));
    assertThat(Column.splitName("IPAddress")).isEqualTo(List.of("ip", "address"));
  }
}
