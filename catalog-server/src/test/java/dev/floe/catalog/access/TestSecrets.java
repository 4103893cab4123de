package dev.floe.catalog.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class TestSecrets {
  @Test
  void hashVerifiesOnlyTheSameSecret() {
    String hash = Secrets.hash("correct horse battery staple");
    assertThat(hash).startsWith("pbkdf2-sha256$" + Secrets.ITERATIONS + "$").doesNotContain("correct horse");
    assertThat(Secrets.verify("correct horse battery staple", hash)).isTrue();
    assertThat(Secrets.verify("correct horse battery stapl", hash)).isFalse();
    assertThat(Secrets.verify("", hash)).isFalse();
  }

  @Test
  void everyHashHasItsOwnSalt() {
    String first = Secrets.hash("same secret");
    String second = Secrets.hash("same secret");
    assertThat(first).isNotEqualTo(second);
    String[] parts = first.split("\\$");
    assertThat(parts).hasSize(4);
    assertThat(Integer.parseInt(parts[1])).isGreaterThanOrEqualTo(210_000);
    assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
    assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
  }

  @Test
  void nonAsciiSecretsAreHashedExactly() {
    String hash = Secrets.hash("pässwört-秘密");
    assertThat(Secrets.verify("pässwört-秘密", hash)).isTrue();
    assertThat(Secrets.verify("passwort-秘密", hash)).isFalse();
  }

  @Test
  void malformedOrWeakStoredHashesMatchNothing() {
    String hash = Secrets.hash("secret");
    String[] parts = hash.split("\\$");
    assertThat(Secrets.verify("secret", "")).isFalse();
    assertThat(Secrets.verify("secret", "plain:secret")).isFalse();
    assertThat(Secrets.verify("secret", "pbkdf2-sha1$" + parts[1] + "$" + parts[2] + "$" + parts[3])).isFalse();
    assertThat(Secrets.verify("secret", parts[0] + "$abc$" + parts[2] + "$" + parts[3])).isFalse();
    assertThat(Secrets.verify("secret", parts[0] + "$" + parts[1] + "$!!$" + parts[3])).isFalse();
    // an attacker who can write the table must not be able to plant a cheap hash
    assertThat(Secrets.verify("secret", parts[0] + "$1$" + parts[2] + "$" + parts[3])).isFalse();
  }

  @Test
  void generatedCredentialsAreRandomAndLongEnough() {
    assertThat(Secrets.newClientId()).matches("[0-9a-f]{32}").isNotEqualTo(Secrets.newClientId());
    assertThat(Secrets.newSecret()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(Secrets.newSecret());
  }

  @Test
  void verifyingNothingTakesAboutAsLongAsVerifying() {
    String hash = Secrets.hash("secret");
    Secrets.verify("warm", hash);
    Secrets.verifyNothing("warm");
    long verify = time(() -> Secrets.verify("wrong", hash));
    long nothing = time(() -> Secrets.verifyNothing("wrong"));
    // same work (one PBKDF2 of the same cost): within a factor 3 on a noisy machine
    assertThat((double) nothing).isBetween(verify / 3.0, verify * 3.0);
    System.out.printf("TestSecrets: verify %d ms, verifyNothing %d ms%n", verify / 1_000_000, nothing / 1_000_000);
  }

  private static long time(Runnable work) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long started = System.nanoTime();
      work.run();
      best = Math.min(best, System.nanoTime() - started);
    }
    return best;
  }
}
