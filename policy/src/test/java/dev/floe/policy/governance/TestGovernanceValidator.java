package dev.floe.policy.governance;

import static dev.floe.policy.governance.GovernanceFixture.BIRTH;
import static dev.floe.policy.governance.GovernanceFixture.CUSTOMERS;
import static dev.floe.policy.governance.GovernanceFixture.EMAIL;
import static dev.floe.policy.governance.GovernanceFixture.ADDRESS;
import static dev.floe.policy.governance.GovernanceFixture.SCHEMA;
import static dev.floe.policy.governance.GovernanceFixture.SCORE;
import static dev.floe.policy.governance.GovernanceFixture.onColumn;
import static dev.floe.policy.governance.GovernanceFixture.onTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.policy.Securable;
import dev.floe.policy.governance.PolicyValidationException.Problem;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The checks made when tags, assignments and policies are saved. */
class TestGovernanceValidator {
  private static final Set<String> DEFINED =
      Set.of("pii", "pii.email", "pii.phone", "confidential");

  @Test
  void checksTagNameSyntax() {
    for (String good : List.of("pii", "pii.email", "pii.date_of_birth", "a1.b_2.c", "x.y.z.w.v.u.t.s")) {
      assertThat(TagNames.isValid(good)).as(good).isTrue();
    }
    for (String bad : List.of("", "PII", "pii.", ".pii", "pii..email", "1pii", "pii.e-mail", "pii email", "_x",
        "a.b.c.d.e.f.g.h.i", "a".repeat(64))) {
      assertProblem(() -> TagNames.check(bad), Problem.INVALID_TAG_NAME);
    }
    assertThat(TagNames.selfAndAncestors("pii.email.work")).containsExactly("pii.email.work", "pii.email", "pii");
    assertThat(TagNames.depth("pii.email")).isEqualTo(2);
  }

  @Test
  void shipsTheDefaultPiiTags() {
    List<TagDefinition> tags = DefaultTags.pii(Set.of("stewards"));
    assertThat(tags.stream().map(TagDefinition::name))
        .containsExactly("pii", "pii.email", "pii.phone", "pii.person_name", "pii.postal_address",
            "pii.payment_card", "pii.iban", "pii.national_id", "pii.ip_address", "pii.date_of_birth");
    assertThat(tags).allSatisfy(tag -> {
      assertThat(tag.version()).isEqualTo(1);
      assertThat(tag.description()).isNotBlank();
      assertThat(tag.mayBeAppliedBy(Set.of("stewards", "x"))).isTrue();
      assertThat(tag.mayBeAppliedBy(Set.of("analysts"))).isFalse();
    });
    // extendable: a new child of pii is accepted once pii is defined
    assertThatCode(() -> GovernanceValidator.checkTag(new TagDefinition("pii.passport", "Passport number", Set.of(), 1), DEFINED))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesATagWhoseParentIsNotDefined() {
    assertProblem(
        () -> GovernanceValidator.checkTag(new TagDefinition("secret.level1", "x", Set.of(), 1), DEFINED),
        Problem.UNKNOWN_TAG, message -> assertThat(message).contains("'secret'"));
  }

  @Test
  void refusesAssignmentsOfUnknownTagsOrColumns() {
    assertProblem(
        () -> GovernanceValidator.checkAssignment(TagAssignment.onColumn(1, 1, "pii.mail", CUSTOMERS, EMAIL), DEFINED, SCHEMA),
        Problem.UNKNOWN_TAG, message -> assertThat(message).contains("pii.mail"));
    assertProblem(
        () -> GovernanceValidator.checkAssignment(TagAssignment.onColumn(1, 1, "pii.email", CUSTOMERS, 99), DEFINED, SCHEMA),
        Problem.UNKNOWN_COLUMN, message -> assertThat(message).contains("99"));
    assertThatCode(() -> GovernanceValidator.checkAssignment(TagAssignment.onColumn(1, 1, "pii.email", CUSTOMERS, EMAIL), DEFINED, SCHEMA))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> TagAssignment.onColumn(1, 1, "pii", Securable.namespace("lake", "crm"), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesMasksOfTheWrongType() {
    assertProblem(
        () -> GovernanceValidator.checkMask(onColumn(1, SCORE, new Mask.EmailDomain(), Audience.everyone()), DEFINED, SCHEMA),
        Problem.MASK_TYPE_MISMATCH,
        message -> assertThat(message).contains("EMAIL_DOMAIN").contains("int").contains("integer"));
    assertProblem(
        () -> GovernanceValidator.checkMask(onColumn(1, BIRTH, new Mask.Hash(), Audience.everyone()), DEFINED, SCHEMA),
        Problem.MASK_TYPE_MISMATCH, message -> assertThat(message).contains("HASH"));
    assertProblem(
        () -> GovernanceValidator.checkMask(onColumn(1, ADDRESS, new Mask.Nullify(), Audience.everyone()), DEFINED, SCHEMA),
        Problem.MASK_TYPE_MISMATCH, message -> assertThat(message).contains("struct"));
    assertProblem(
        () -> GovernanceValidator.checkMask(onColumn(1, SCORE, new Mask.Redact(Optional.of("many")), Audience.everyone()), DEFINED, SCHEMA),
        Problem.INVALID_MASK_PARAMETER);
    assertProblem(
        () -> GovernanceValidator.checkMask(onColumn(1, 77, new Mask.Nullify(), Audience.everyone()), DEFINED, SCHEMA),
        Problem.UNKNOWN_COLUMN);
    assertThatCode(() -> GovernanceValidator.checkMask(onColumn(1, EMAIL, new Mask.EmailDomain(), Audience.everyone()), DEFINED, SCHEMA))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesTagMasksOnUnknownTagsAndCustomMasksOnTags() {
    assertProblem(
        () -> GovernanceValidator.checkMask(onTag(1, "pii.ssn", new Mask.Nullify(), Audience.everyone()), DEFINED, null),
        Problem.UNKNOWN_TAG, message -> assertThat(message).contains("pii.ssn"));
    Mask.Custom custom = GovernanceValidator.compileCustomMask("upper(email)", SCHEMA);
    assertProblem(() -> onTag(1, "pii", custom, Audience.everyone()), Problem.INVALID_TARGET);
    assertProblem(() -> GovernanceValidator.compileCustomMask("upper(emial)", SCHEMA), Problem.UNKNOWN_COLUMN);
  }

  @Test
  void refusesUnknownAudienceKindsAndEmptyAudiences() {
    assertThat(AudienceKind.parse("principal-role")).isEqualTo(AudienceKind.PRINCIPAL_ROLE);
    assertThat(AudienceKind.parse("Group")).isEqualTo(AudienceKind.GROUP);
    assertProblem(() -> AudienceKind.parse("team"), Problem.UNKNOWN_AUDIENCE_KIND, message -> assertThat(message).contains("'team'"));
    assertProblem(() -> Audience.of(AudienceRule.exempts(AudienceKind.GROUP, "x")), Problem.INVALID_AUDIENCE);
    assertProblem(() -> new Audience(List.of()), Problem.INVALID_AUDIENCE);
    assertThatThrownBy(() -> AudienceRule.appliesTo(AudienceKind.GROUP, "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesPoliciesOnObjectsThatAreNotTables() {
    assertProblem(
        () -> new RowFilterPolicy(1, 1, Securable.namespace("lake", "crm"),
            GovernanceValidator.compileRowFilter("true", SCHEMA), Audience.everyone()),
        Problem.INVALID_TARGET);
    assertProblem(() -> new MaskTarget.Column(Securable.view("lake", List.of("crm"), "v"), 1), Problem.INVALID_TARGET);
  }

  private static void assertProblem(ThrowingCallable call, Problem problem) {
    assertProblem(call, problem, message -> {});
  }

  private static void assertProblem(ThrowingCallable call, Problem problem, Consumer<String> message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            PolicyValidationException.class,
            exception -> {
              assertThat(exception.problem()).as(exception.getMessage()).isEqualTo(problem);
              message.accept(exception.getMessage());
            });
  }
}
