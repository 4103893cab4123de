package dev.floe.catalog.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.iceberg.exceptions.BadRequestException;
import org.junit.jupiter.api.Test;

class TestPageTokens {
  private static final PageTokens TOKENS = new PageTokens(new byte[32]);
  private static final PageTokens OTHER_KEY = new PageTokens(filled((byte) 7));
  private static final PageTokens.Scope SCOPE = new PageTokens.Scope("alice", 1, "lake", "tables", "sales");

  @Test
  void roundTripsWithinTheSameListing() {
    String token = TOKENS.encode(SCOPE, "orders_secret");
    assertThat(TOKENS.decode(SCOPE, token)).contains("orders_secret");
    assertThat(TOKENS.decode(SCOPE, null)).isEmpty();
    assertThat(TOKENS.decode(SCOPE, "")).isEmpty();
  }

  @Test
  void revealsNoName() {
    String token = TOKENS.encode(SCOPE, "orders_secret");
    String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);
    assertThat(decoded).doesNotContain("orders").doesNotContain("secret");
    assertThat(token).doesNotContain("orders");
    // a fresh nonce every time: equal positions give different tokens
    assertThat(TOKENS.encode(SCOPE, "orders_secret")).isNotEqualTo(token);
  }

  @Test
  void refusesAnotherCallerListingOrKey() {
    String token = TOKENS.encode(SCOPE, "orders");
    for (PageTokens.Scope other :
        new PageTokens.Scope[] {
          new PageTokens.Scope("bob", 1, "lake", "tables", "sales"),
          new PageTokens.Scope("alice", 2, "lake", "tables", "sales"),
          new PageTokens.Scope("alice", 1, "lake2", "tables", "sales"),
          new PageTokens.Scope("alice", 1, "lake", "views", "sales"),
          new PageTokens.Scope("alice", 1, "lake", "tables", "hr"),
          // the parts are length-prefixed: moving a boundary is another listing
          new PageTokens.Scope("alic", 1, "elake", "tables", "sales"),
        }) {
      assertThatThrownBy(() -> TOKENS.decode(other, token))
          .as(other.toString())
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("pageToken");
    }
    assertThatThrownBy(() -> OTHER_KEY.decode(SCOPE, token)).isInstanceOf(BadRequestException.class);
  }

  @Test
  void refusesGarbageAndTampering() {
    for (String garbage : new String[] {"%%%", "Z2FyYmFnZQ", "AQ", "b3JkZXJz"}) {
      assertThatThrownBy(() -> TOKENS.decode(SCOPE, garbage))
          .as(garbage)
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("pageToken");
    }
    byte[] bytes = Base64.getUrlDecoder().decode(TOKENS.encode(SCOPE, "orders"));
    bytes[bytes.length - 1] ^= 1;
    String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    assertThatThrownBy(() -> TOKENS.decode(SCOPE, tampered)).isInstanceOf(BadRequestException.class);
  }

  private static byte[] filled(byte value) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, value);
    return key;
  }
}
