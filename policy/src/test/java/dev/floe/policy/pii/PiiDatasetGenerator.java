package dev.floe.policy.pii;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A labelled synthetic dataset for measuring the PII classifier: columns of every PII kind in
 * several formats and under several names (some of them saying nothing), with nulls, placeholders
 * and a few broken values, and non-PII columns that look like PII (order numbers that pass Luhn
 * by chance, version strings, free text with an e-mail inside, product codes, dates that are not
 * birth dates, cities). Its word lists are its own, not the classifier's; its seed is fixed.
 */
public final class PiiDatasetGenerator {
  public static final long SEED = 20261130L;
  public static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

  /** One column: label is the PII kind it holds, or null for none. */
  public record LabelledColumn(String name, String type, List<Object> values, PiiKind label, String family) {
    public LabelledColumn {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
      requireNonNull(family, "family is null");
    }
  }

  private static final String[] GIVEN_COMMON = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth "
      + "William Barbara Richard Susan Joseph Jessica Thomas Sarah Christopher Karen Daniel Lisa Matthew Nancy Anthony "
      + "Sandra Mark Ashley Steven Emily Andrew Michelle Joshua Amanda Kevin Melissa Brian Rebecca Ryan Laura Jacob "
      + "Emma Olivia Noah Liam Sophia Lucas Mia Oliver Amelia Charlotte Harry Freya Hans Ursula Klaus Petra Stefan "
      + "Sabine Lukas Lena Jonas Leonie Pierre Nathalie Julien Camille Hugo Manon Inès Léa José Carmen Antonio Lucía "
      + "Javier Elena Miguel Sofía Diego Valentina Giulia Marco Francesca Luca Chiara Piotr Katarzyna Lars Ingrid "
      + "Rahul Priya Amit Anjali Wei Ming Hiroshi Yuki Min Mohammed Fatima Ahmed Aisha Omar Kwame Amara").split(" ");
  private static final String[] GIVEN_RARE = ("Aurelio Thaddeus Ottilie Bartholomew Zuzana Radomir Siobhan Eero "
      + "Oluwaseun Thandiwe Ngaio Kalani Leocadia Evander Ysolde Casimir Dagny Ignatius Philippa Rosalind Tancredi "
      + "Wilhelmina Bronisław Eleftheria Cosmin Anouk Saoirse Tiberius Jolanta Dervla").split(" ");
  private static final String[] FAMILY_COMMON = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez "
      + "Martinez Wilson Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White Harris Clark Lewis Walker Hall "
      + "Young King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner "
      + "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann Dubois Bernard Moreau Laurent Lefebvre "
      + "Rossi Russo Ferrari Bianchi Romano García Fernández López Martínez Pérez Silva Santos Oliveira Nowak "
      + "Kowalski Jensen Nielsen Johansson Andersson Patel Sharma Singh Kumar Gupta Wang Li Zhang Chen Liu Tanaka "
      + "Suzuki Sato Kim Park Nguyen Khan Ali Hassan O'Brien O'Connor McDonald").split(" ");
  private static final String[] FAMILY_RARE = ("Abernathy Quackenbush Vandersloot Przybylski Okonjo Thistlewood "
      + "Featherstonehaugh Zabriskie Marchetti-Lowe Ravenscroft Delacroix Szczepański Oyelaran Haverford Kettleborough "
      + "Lindqvist Achterberg Castellanos Wojtczak Montgomery-Pryce Ishikawa Villeneuve Drummond Ekwueme Halvorsen "
      + "Pettigrew Saarinen Blackwood Iturbide Fairweather").split(" ");
  private static final String[] CITIES = ("Austin Charlotte Madison Jackson Florence Victoria Lincoln Paris London "
      + "Berlin Tokyo Osaka Chicago Denver Seattle Houston Phoenix Dallas Boston Atlanta Miami Toronto Sydney Madrid "
      + "Rome Milan Vienna Zurich Prague Warsaw Dublin Lisbon Oslo Helsinki Stockholm Amsterdam Brussels Munich "
      + "Hamburg Lyon Marseille Barcelona Seville Naples Turin Kraków Gdańsk Bristol Leeds Glasgow Cardiff Belfast "
      + "Orlando Tampa Savannah Raleigh Durham Eugene Tyler Logan Chester Camden Aurora Georgetown Richmond Salem "
      + "Springfield Franklin Clinton Alexandria Augusta Lafayette Dayton Hamilton Wellington Auckland Nairobi "
      + "Lagos Accra Mumbai Delhi Pune Bangkok Manila Jakarta Hanoi Seoul Busan Kyoto Reno Boise Tulsa Wichita "
      + "Fresno Provo Odessa Marion Quincy Bloomington Carson Irving Pasadena Santa Fe Fort Collins Sioux Falls").split(" ");
  private static final String[] MULTIWORD_CITIES = {"San Francisco", "New York", "Los Angeles", "Salt Lake City",
      "Las Vegas", "San Antonio", "Santa Fe", "Fort Collins", "Sioux Falls", "Rio de Janeiro", "Buenos Aires",
      "Mexico City", "Hong Kong", "Cape Town", "Kuala Lumpur", "St. Louis", "Baton Rouge", "Palo Alto"};
  private static final String[] STREETS = ("Maple Oak Elm Pine Cedar Washington Lincoln Park Lake Hill Main Church "
      + "Highland Sunset River Spring Meadow Forest Jefferson Madison Franklin Victoria King Queen Station Mill").split(" ");
  private static final String[] STREET_TYPES_EN = {"Street", "St", "Avenue", "Ave", "Road", "Rd", "Lane", "Drive",
      "Dr.", "Boulevard", "Blvd", "Court", "Way", "Place", "Terrace", "Close"};
  private static final String[] DOMAINS = {"gmail.com", "outlook.com", "yahoo.co.uk", "web.de", "orange.fr",
      "example.com", "acme-corp.io", "mail.example.org", "uni-heidelberg.de", "posteo.de", "icloud.com",
      "proton.me", "company.co.jp", "firm.com.au"};
  private static final String[] US_AREA_CODES = {"212", "415", "646", "312", "617", "206", "303", "512", "713",
      "305", "404", "602", "702", "818", "917", "503", "612", "214", "702", "919"};

  private final Random random = new Random(SEED);
  private final List<LabelledColumn> columns = new ArrayList<>();
  private final int rows;

  public PiiDatasetGenerator(int rows) {
    this.rows = rows;
  }

  public List<LabelledColumn> generate() {
    for (int i = 0; i < 34; i++) {
      pii(PiiKind.EMAIL, pick("email", "email_address", "contact_email", "EMail", "user_mail", "login", "c" + i,
          "notes", "recipient", "value"), "string", this::email);
      pii(PiiKind.PHONE, pick("phone", "phone_number", "mobile", "tel", "contact_phone", "fax", "msisdn", "c" + i,
          "reachable_at", "field_" + i), "string", this::phone);
      pii(PiiKind.PERSON_NAME, pick("full_name", "customer_name", "name", "holder", "patient", "contact", "c" + i,
          "attendee", "owner", "signed_by"), "string", this::fullName);
      pii(PiiKind.POSTAL_ADDRESS, pick("address", "street_address", "shipping_address", "billing_addr", "line1",
          "c" + i, "residence", "deliver_to"), "string", this::address);
      pii(PiiKind.PAYMENT_CARD, pick("card_number", "pan", "cc_num", "credit_card", "c" + i, "payment_ref",
          "instrument"), random.nextInt(6) == 0 ? "long" : "string", this::card);
      pii(PiiKind.IBAN, pick("iban", "bank_account", "payout_account", "c" + i, "acct", "beneficiary"), "string",
          this::iban);
      pii(PiiKind.NATIONAL_ID, pick("ssn", "social_security_number", "national_id", "tax_id", "nino", "c" + i,
          "gov_id"), "string", this::nationalId);
      pii(PiiKind.IP_ADDRESS, pick("ip", "ip_address", "client_ip", "remote_addr", "source_ip", "c" + i, "origin",
          "peer"), "string", this::ipAddress);
      String dobName = pick("dob", "date_of_birth", "birth_date", "birthdate", "DateOfBirth", "born_on",
          "cust_bday", "geburtsdatum", "birth_dt", "patient_dob");
      switch (random.nextInt(3)) {
        case 0 -> pii(PiiKind.DATE_OF_BIRTH, dobName, "date", this::birthDate);
        case 1 -> pii(PiiKind.DATE_OF_BIRTH, dobName, "string", () -> formatDate(birthDate()));
        default -> pii(PiiKind.DATE_OF_BIRTH, dobName, "timestamp", () -> birthDate().atStartOfDay());
      }
    }
    // a few single-part name columns
    for (int i = 0; i < 6; i++) {
      pii(PiiKind.PERSON_NAME, pick("first_name", "given_name", "firstName"), "string", this::givenName);
      pii(PiiKind.PERSON_NAME, pick("last_name", "surname", "family_name"), "string", this::familyName);
    }
    lookAlikes();
    return List.copyOf(columns);
  }

  private void lookAlikes() {
    for (int i = 0; i < 4; i++) {
      // 16-digit order numbers with a Visa prefix: one in ten passes Luhn by chance
      plain("order_no", "string", "order-number-luhn-by-chance", () -> "4" + digits(15));
      plain("order_id", "long", "order-number-long", () -> 5_100_000_000_000_000L + random.nextLong(99_999_999_999_999L));
      plain("imei", "string", "imei", () -> luhnComplete("35" + digits(12)));
      plain("invoice_ref", "string", "luhn-valid-12-digit-ids", () -> luhnComplete(digits(11)));
      plain(pick("version", "agent_version", "build", "c" + i), "string", "version-4-part",
          () -> random.nextInt(12) + "." + random.nextInt(20) + "." + random.nextInt(30) + "." + random.nextInt(25));
      plain("windows_build", "string", "version-build", () -> "10.0." + (17000 + random.nextInt(9000)) + "." + random.nextInt(2000));
      plain("release", "string", "semver", () -> random.nextInt(5) + "." + random.nextInt(30) + "." + random.nextInt(20));
      plain(pick("comment", "notes", "message"), "string", "free-text-with-email", () -> freeTextWithEmail());
      plain(pick("sku", "product_code", "item"), "string", "product-code",
          () -> letters(3) + "-" + digits(4) + "-" + pick("S", "M", "L", "XL"));
      plain("part_number", "string", "part-number-ssn-shape", () -> digits(3) + "-" + digits(2) + "-" + digits(4));
      plain(pick("order_date", "shipped_on", "event_day"), "date", "recent-date",
          () -> TODAY.minusDays(random.nextInt(700)));
      plain("created_at", "timestamp", "recent-timestamp",
          () -> LocalDateTime.of(TODAY, java.time.LocalTime.NOON).minusMinutes(random.nextInt(1_000_000)));
      plain("expiry_date", "string", "future-date", () -> formatDate(TODAY.plusDays(30 + random.nextInt(3000))));
      plain(pick("hire_date", "founded", "first_seen"), "date", "past-dates-over-decades",
          () -> TODAY.minusDays(random.nextInt(365 * 45)));
      plain(pick("city", "location", "destination", "c" + i), "string", "city", this::city);
      plain(pick("company", "merchant", "vendor"), "string", "company-name", this::company);
      plain(pick("product_name", "title"), "string", "product-name",
          () -> pick("Ultra", "Classic", "Pro", "Eco", "Smart") + " " + pick("Blender", "Kettle", "Drill", "Lamp", "Router") + " " + random.nextInt(5000));
      plain("street_name", "string", "street-without-number", () -> pick(STREETS) + " " + pick(STREET_TYPES_EN));
      plain("zip", "string", "zip-code", () -> digits(5));
      plain("account_id", "string", "ten-digit-sequential-id", sequential(2_015_550_000L));
      plain("epoch", "long", "epoch-seconds", () -> 1_600_000_000L + random.nextInt(200_000_000));
      plain("uuid", "string", "uuid", () -> java.util.UUID.nameUUIDFromBytes(digits(8).getBytes()).toString());
      plain("sha", "string", "hex-hash", () -> String.format("%032x", new BigInteger(128, random)));
      plain("amount", "decimal(10,2)", "amount", () -> String.format(Locale.ROOT, "%.2f", random.nextDouble() * 1000));
      plain("status", "string", "status-enum", () -> pick("active", "pending", "closed", "verified"));
      plain("username", "string", "username", () -> givenName().toLowerCase(Locale.ROOT).charAt(0) + stripAccents(familyName()).toLowerCase(Locale.ROOT).replace("'", "") + random.nextInt(100));
      plain("host", "string", "hostname", () -> pick("web", "db", "cache", "api") + "-" + random.nextInt(40) + ".prod.internal");
      plain("mac", "string", "mac-address", () -> String.format("%02X:%02X:%02X:%02X:%02X:%02X", random.nextInt(256),
          random.nextInt(256), random.nextInt(256), random.nextInt(256), random.nextInt(256), random.nextInt(256)));
      plain("log_line", "string", "log-with-ip", () -> "GET /api/v1/items " + (200 + random.nextInt(300)) + " from "
          + random.nextInt(224) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256));
      plain("isbn", "string", "isbn-13", () -> "978-" + digits(1) + "-" + digits(3) + "-" + digits(5) + "-" + digits(1));
      plain("tracking", "string", "tracking-number", () -> "1Z" + letters(3).toUpperCase(Locale.ROOT) + digits(13));
    }
  }

  private void pii(PiiKind kind, String name, String type, Supplier<Object> value) {
    double nullRate = random.nextDouble() * 0.2;
    double junkRate = random.nextDouble() * 0.06;
    List<Object> values = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      double draw = random.nextDouble();
      if (draw < nullRate) {
        values.add(random.nextBoolean() ? null : type.equals("string") ? pick("", "N/A", "unknown") : null);
      } else if (draw < nullRate + junkRate && type.equals("string")) {
        values.add(pick("refused", "see notes", "TBC", "x", "0", "ask customer", "invalid"));
      } else {
        Object generated = value.get();
        values.add(type.equals("long") && generated instanceof String text ? Long.parseLong(text.replaceAll("\\D", "")) : generated);
      }
    }
    columns.add(new LabelledColumn(name, type, values, kind, kind.name().toLowerCase(Locale.ROOT)));
  }

  private void plain(String name, String type, String family, Supplier<Object> value) {
    double nullRate = random.nextDouble() * 0.2;
    List<Object> values = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      values.add(random.nextDouble() < nullRate ? null : value.get());
    }
    columns.add(new LabelledColumn(name, type, values, null, family));
  }

  // --- values ---

  private String givenName() {
    return random.nextInt(100) < 85 ? pick(GIVEN_COMMON) : pick(GIVEN_RARE);
  }

  private String familyName() {
    return random.nextInt(100) < 85 ? pick(FAMILY_COMMON) : pick(FAMILY_RARE);
  }

  private Object fullName() {
    String given = givenName();
    String family = familyName();
    return switch (random.nextInt(8)) {
      case 0 -> family + ", " + given;
      case 1 -> given + " " + (char) ('A' + random.nextInt(26)) + ". " + family;
      case 2 -> (given + " " + family).toUpperCase(Locale.ROOT);
      case 3 -> pick("Dr.", "Mr.", "Ms.", "Mrs.") + " " + given + " " + family;
      default -> given + " " + family;
    };
  }

  private Object email() {
    String given = stripAccents(givenName()).toLowerCase(Locale.ROOT);
    String family = stripAccents(familyName()).toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    String local = switch (random.nextInt(5)) {
      case 0 -> given + "." + family;
      case 1 -> given.charAt(0) + family + random.nextInt(100);
      case 2 -> given + "_" + family + "+" + pick("news", "shop", "work");
      case 3 -> family + random.nextInt(10000);
      default -> given + family.charAt(0);
    };
    String address = local + "@" + pick(DOMAINS);
    return random.nextInt(10) == 0 ? address.toUpperCase(Locale.ROOT) : address;
  }

  private Object phone() {
    String area = pick(US_AREA_CODES);
    String exchange = (2 + random.nextInt(8)) + digits(2);
    String line = digits(4);
    return switch (random.nextInt(12)) {
      case 0 -> "(" + area + ") " + exchange + "-" + line;
      case 1 -> area + "-" + exchange + "-" + line;
      case 2 -> "+1 " + area + " " + exchange + " " + line;
      case 3 -> area + "." + exchange + "." + line;
      case 4 -> "+1" + area + exchange + line;
      case 5 -> "+44 20 7946 0" + digits(3);
      case 6 -> "07700 900" + digits(3);
      case 7 -> "+49 30 " + (2 + random.nextInt(8)) + digits(7);
      case 8 -> "+49 1" + pick("51", "60", "70", "76") + " " + digits(8);
      case 9 -> "+33 " + (1 + random.nextInt(5)) + " " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
      case 10 -> "06 " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
      default -> "+1 (" + area + ") " + exchange + "-" + line + pick("", " x" + digits(3), " ext. " + digits(2));
    };
  }

  private Object address() {
    int number = 1 + random.nextInt(9000);
    return switch (random.nextInt(8)) {
      case 0 -> number + " " + pick(STREETS) + " " + pick(STREET_TYPES_EN);
      case 1 -> number + " " + pick(STREETS) + " " + pick(STREET_TYPES_EN) + ", " + pick("Apt", "Suite", "Unit") + " "
          + (1 + random.nextInt(40)) + ", " + pick(CITIES) + ", " + pick("IL", "TX", "CA", "NY", "WA") + " " + digits(5);
      case 2 -> number % 200 + " " + pick(STREETS) + " " + pick(STREET_TYPES_EN) + ", " + pick("London", "Leeds", "Bristol")
          + " " + letters(2).toUpperCase(Locale.ROOT) + (1 + random.nextInt(9)) + " " + (1 + random.nextInt(9)) + letters(2).toUpperCase(Locale.ROOT);
      case 3 -> pick("Linden", "Haupt", "Bahnhof", "Schiller", "Goethe", "Garten") + pick("straße", "str.", "weg", "allee")
          + " " + (1 + number % 150) + ", " + digits(5) + " " + pick("Berlin", "München", "Köln");
      case 4 -> (1 + number % 120) + " rue " + pick("des Lilas", "de la Paix", "Victor Hugo", "du Moulin") + ", " + "75" + digits(3) + " Paris";
      case 5 -> pick("Calle", "Via", "Rua") + " " + pick("Mayor", "Garibaldi", "Roma", "Augusta", "de Alcalá") + " " + (1 + number % 300);
      case 6 -> pick("Prinsen", "Keizers", "Heren") + "gracht " + (1 + number % 600) + ", " + digits(4) + " " + letters(2).toUpperCase(Locale.ROOT) + " Amsterdam";
      default -> "PO Box " + number;
    };
  }

  private Object card() {
    String number = switch (random.nextInt(5)) {
      case 0 -> luhnComplete("4" + digits(14));
      case 1 -> luhnComplete("5" + (1 + random.nextInt(5)) + digits(13));
      case 2 -> luhnComplete("3" + pick("4", "7") + digits(12));
      case 3 -> luhnComplete("6011" + digits(11));
      default -> luhnComplete((2221 + random.nextInt(500)) + digits(11));
    };
    if (number.length() == 16 && random.nextBoolean()) {
      String separator = pick(" ", "-");
      return number.substring(0, 4) + separator + number.substring(4, 8) + separator + number.substring(8, 12)
          + separator + number.substring(12);
    }
    return number;
  }

  private Object iban() {
    String country = pick("DE", "GB", "FR", "NL", "ES", "IT");
    String bban = switch (country) {
      case "DE" -> digits(18);
      case "GB" -> letters(4).toUpperCase(Locale.ROOT) + digits(14);
      case "FR" -> digits(10) + digits(11) + digits(2);
      case "NL" -> letters(4).toUpperCase(Locale.ROOT) + digits(10);
      case "ES" -> digits(20);
      default -> letters(1).toUpperCase(Locale.ROOT) + digits(10) + digits(12);
    };
    String iban = country + ibanCheckDigits(country, bban) + bban;
    if (random.nextBoolean()) {
      StringBuilder grouped = new StringBuilder();
      for (int i = 0; i < iban.length(); i += 4) {
        grouped.append(i == 0 ? "" : " ").append(iban, i, Math.min(i + 4, iban.length()));
      }
      return grouped.toString();
    }
    return iban;
  }

  private Object nationalId() {
    int area = 1 + random.nextInt(899);
    if (area == 666) {
      area = 667;
    }
    String ssn = String.format("%03d-%02d-%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
    return switch (random.nextInt(10)) {
      case 0 -> ssn.replace("-", "");
      case 1 -> ssn.replace("-", " ");
      case 2 -> pick("AB", "JG", "CE", "PR", "WX") + digits(6) + pick("A", "B", "C", "D");
      default -> ssn;
    };
  }

  private Object ipAddress() {
    return switch (random.nextInt(6)) {
      case 0 -> "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
      case 1 -> "192.168." + random.nextInt(256) + "." + (1 + random.nextInt(254));
      case 2 -> String.format("2001:db8:%x:%x::%x", random.nextInt(65536), random.nextInt(65536), random.nextInt(65536));
      case 3 -> String.format("%x:%x:%x:%x:%x:%x:%x:%x", random.nextInt(65536), random.nextInt(65536), random.nextInt(65536),
          random.nextInt(65536), random.nextInt(65536), random.nextInt(65536), random.nextInt(65536), random.nextInt(65536));
      default -> (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    };
  }

  private LocalDate birthDate() {
    int age = 18 + random.nextInt(random.nextInt(10) == 0 ? 80 : 60);
    return TODAY.minusYears(age).minusDays(random.nextInt(365));
  }

  private String formatDate(LocalDate date) {
    return switch (random.nextInt(3)) {
      case 0 -> date.toString();
      case 1 -> String.format("%02d/%02d/%d", date.getMonthValue(), date.getDayOfMonth(), date.getYear());
      default -> String.format("%02d.%02d.%d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
    };
  }

  private Object city() {
    return random.nextInt(5) == 0 ? pick(MULTIWORD_CITIES) : pick(CITIES);
  }

  private Object company() {
    return switch (random.nextInt(4)) {
      case 0 -> pick(FAMILY_COMMON) + " & " + pick(FAMILY_COMMON);
      case 1 -> pick(FAMILY_COMMON) + " " + pick("Inc.", "GmbH", "Ltd", "LLC", "Group", "Holdings");
      case 2 -> pick("Morgan Stanley", "Wells Fargo", "Johnson & Johnson", "Ford Motor Company", "Dell Technologies",
          "Ernst & Young", "Deutsche Bank", "Tiffany & Co.");
      default -> pick("Acme", "Globex", "Initech", "Umbrella", "Stark") + " " + pick("Corp", "Industries", "Systems");
    };
  }

  private String freeTextWithEmail() {
    return pick("Please contact ", "Forwarded to ", "Customer asked to reply to ", "cc: ") + email()
        + pick(" about the refund.", " before Friday", " (urgent)", "");
  }

  private Supplier<Object> sequential(long start) {
    long[] next = {start};
    return () -> Long.toString(next[0]++);
  }

  // --- helpers ---

  private String digits(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append((char) ('0' + random.nextInt(10)));
    }
    return text.toString();
  }

  private String letters(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }

  @SafeVarargs
  private <T> T pick(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static String stripAccents(String text) {
    return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
  }

  /** Appends the Luhn check digit. */
  static String luhnComplete(String payload) {
    int sum = 0;
    for (int i = 0; i < payload.length(); i++) {
      int digit = payload.charAt(payload.length() - 1 - i) - '0';
      if (i % 2 == 0) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
    }
    return payload + (10 - sum % 10) % 10;
  }

  /** ISO 13616 check digits: 98 minus the remainder of the rearranged number by 97. */
  static String ibanCheckDigits(String country, String bban) {
    String rearranged = bban + country + "00";
    StringBuilder numeric = new StringBuilder();
    for (char character : rearranged.toCharArray()) {
      numeric.append(Character.isDigit(character) ? String.valueOf(character) : String.valueOf(character - 'A' + 10));
    }
    int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
    return String.format("%02d", check);
  }
}
