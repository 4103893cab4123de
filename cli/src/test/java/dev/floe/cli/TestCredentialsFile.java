package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCredentialsFile {
  @Test
  void readsTheFileTheEmbeddedDefaultWrites() {
    // the exact content AccessBootstrap writes to floe-data/root-credentials
    String content = "# Floe root principal, created on first start. Keep it secret.\nclient_id=0a1b2c\nclient_secret=s3cr3t-value\n";
    assertThat(CredentialsFile.parse(content, "root-credentials")).isEqualTo(new ClientCredentials("0a1b2c", "s3cr3t-value"));
  }

  @Test
  void acceptsBlankLinesSpacesQuotesAndDashedKeys() {
    assertThat(CredentialsFile.parse("\r\n  client-id = \"id\"\r\n\n# x\nclient-secret='a=b'\n", "f"))
        .isEqualTo(new ClientCredentials("id", "a=b"));
  }

  @Test
  void namesWhatIsMissingOrWrongWithoutShowingAValue() {
    assertThatThrownBy(() -> CredentialsFile.parse("client_id=id\n", "creds")).hasMessage("Credential file creds has no client_secret line");
    assertThatThrownBy(() -> CredentialsFile.parse("client_secret=hidden\n", "creds")).hasMessage("Credential file creds has no client_id line");
    assertThatThrownBy(() -> CredentialsFile.parse("client_id=id\nsecret=hidden-value\n", "creds"))
        .hasMessage("Credential file creds, line 2: unknown key secret (expected client_id and client_secret)")
        .hasMessageNotContaining("hidden-value");
    assertThatThrownBy(() -> CredentialsFile.parse("hidden-value\n", "creds"))
        .hasMessage("Credential file creds, line 1: expected key=value")
        .hasMessageNotContaining("hidden-value");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path directory) throws Exception {
    Path missing = directory.resolve("nothing");
    assertThatThrownBy(() -> CredentialsFile.read(missing)).isInstanceOf(CliException.class).hasMessage("Credential file " + missing + " does not exist");
    Path file = Files.writeString(directory.resolve("creds"), "client_id=a\nclient_secret=b\n");
    assertThat(CredentialsFile.read(file)).isEqualTo(new ClientCredentials("a", "b"));
  }

  @Test
  void theSecretIsNeverInToString() {
    assertThat(new ClientCredentials("id", "hidden-value").toString()).doesNotContain("hidden-value");
  }
}
