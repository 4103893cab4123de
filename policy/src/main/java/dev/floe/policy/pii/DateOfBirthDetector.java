package dev.floe.policy.pii;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Dates of birth. Values can show that a column holds dates that could be birth dates (all in
 * the past, ages up to 120, spread over decades, few of them recent) but not that they are: a
 * hire date or a founding date looks the same. So the values decide whether the column can be
 * one, and only a name that says birth ({@code dob}, {@code birth_date}, {@code born}) makes
 * the confidence high enough to propose it.
 */
public final class DateOfBirthDetector implements PiiDetector {
  private static final Set<String> NAME_WORDS =
      Set.of("dob", "birth", "birthday", "birthdate", "born", "bday", "dateofbirth", "geburtsdatum", "naissance",
          "nacimiento", "geboren");
  private static final Set<String> NAME_PHRASES = Set.of("birth", "dateofbirth", "geburtsdatum");
  /** Without a birth name, values alone reach at most this. */
  private static final double VALUES_ONLY_MAXIMUM = 0.6;
  private static final int MAXIMUM_AGE = 120;
  private static final int MINIMUM_SPREAD_YEARS = 15;
  private static final Pattern DATE_TEXT = Pattern.compile("\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}([T ].*)?");
  private static final List<DateTimeFormatter> FORMATS = List.of(
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT),
      DateTimeFormatter.ofPattern("uuuu/MM/dd").withResolverStyle(ResolverStyle.STRICT),
      DateTimeFormatter.ofPattern("dd.MM.uuuu").withResolverStyle(ResolverStyle.STRICT),
      DateTimeFormatter.ofPattern("d.M.uuuu").withResolverStyle(ResolverStyle.STRICT),
      DateTimeFormatter.ofPattern("MM/dd/uuuu").withResolverStyle(ResolverStyle.STRICT),
      DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT),
      DateTimeFormatter.ofPattern("M/d/uuuu").withResolverStyle(ResolverStyle.STRICT),
      DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT),
      DateTimeFormatter.ofPattern("dd-MM-uuuu").withResolverStyle(ResolverStyle.STRICT));

  private final Clock clock;

  public DateOfBirthDetector() {
    this(Clock.systemUTC());
  }

  public DateOfBirthDetector(Clock clock) {
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public PiiKind kind() {
    return PiiKind.DATE_OF_BIRTH;
  }

  @Override
  public Proposal detect(Column column) {
    boolean nameFor = column.nameHas(NAME_WORDS, NAME_PHRASES);
    Column.TypeFamily family = column.typeFamily();
    if (family != Column.TypeFamily.DATE && family != Column.TypeFamily.TIMESTAMP
        && family != Column.TypeFamily.STRING) {
      return new Proposal(kind(), 0, 0, 0, "not a date, timestamp or string column");
    }
    LocalDate today = LocalDate.now(clock);
    int plausible = 0;
    List<Integer> years = new ArrayList<>();
    int recent = 0;
    for (Object value : column.values()) {
      LocalDate date = toDate(value);
      if (date == null || date.isAfter(today)) {
        continue;
      }
      long age = ChronoUnit.YEARS.between(date, today);
      if (age > MAXIMUM_AGE) {
        continue;
      }
      plausible++;
      years.add(date.getYear());
      if (age < 1) {
        recent++;
      }
    }
    int sampled = column.sampled();
    boolean spread = spreadOverDecades(years);
    // a column of birth dates has few from the last year; one of order or event dates has many
    boolean mostlyRecent = plausible > 0 && recent > plausible / 4;
    double confidence = Confidence.of(plausible, sampled, nameFor, false);
    if (!nameFor || !spread || mostlyRecent) {
      confidence = Math.min(confidence, VALUES_ONLY_MAXIMUM);
    }
    String evidence = Confidence.describe("dates that could be birth dates", plausible, sampled, nameFor, false)
        + (spread ? "" : "; they do not spread over decades")
        + (mostlyRecent ? "; many are from the last year" : "");
    return new Proposal(kind(), confidence, plausible, sampled, evidence);
  }

  private static boolean spreadOverDecades(List<Integer> years) {
    if (years.size() < 2) {
      return false;
    }
    List<Integer> sorted = new ArrayList<>(years);
    Collections.sort(sorted);
    int low = sorted.get(sorted.size() / 10);
    int high = sorted.get(sorted.size() - 1 - sorted.size() / 10);
    return high - low >= MINIMUM_SPREAD_YEARS;
  }

  private static LocalDate toDate(Object value) {
    return switch (value) {
      case LocalDate date -> date;
      case LocalDateTime dateTime -> dateTime.toLocalDate();
      case OffsetDateTime dateTime -> dateTime.toLocalDate();
      case ZonedDateTime dateTime -> dateTime.toLocalDate();
      case CharSequence text -> parse(text.toString().strip());
      default -> null;
    };
  }

  private static LocalDate parse(String text) {
    if (!DATE_TEXT.matcher(text).matches()) {
      return null;
    }
    String datePart = text.split("[T ]", 2)[0];
    for (DateTimeFormatter format : FORMATS) {
      try {
        return LocalDate.parse(datePart, format);
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    return null;
  }
}
