package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSignIn {
  @TempDir Path directory;

  @Test
  void theEmbeddedDefaultsCredentialFileByDefault() throws Exception {
    Files.createDirectories(directory.resolve("floe-data"));
    Files.writeString(directory.resolve("floe-data/root-credentials"), "client_id=root-id\nclient_secret=root-secret\n");
    SignIn signIn = SignIn.resolve(null, null, Map.of(), directory);
    assertThat(signIn.baseUri()).isEqualTo(URI.create("http://localhost:8181"));
    assertThat(signIn.credentials()).contains(new ClientCredentials("root-id", "root-secret"));
  }

  @Test
  void theDataDirectoryOfFloeDataDir() throws Exception {
    Files.createDirectories(directory.resolve("elsewhere"));
    Files.writeString(directory.resolve("elsewhere/root-credentials"), "client_id=a\nclient_secret=b\n");
    assertThat(SignIn.resolve(null, null, Map.of("FLOE_DATA_DIR", "elsewhere"), directory).credentials())
        .contains(new ClientCredentials("a", "b"));
  }

  @Test
  void precedenceOptionThenTokenThenClientThenFile() throws Exception {
    Path file = Files.writeString(directory.resolve("creds"), "client_id=file-id\nclient_secret=file-secret\n");
    Map<String, String> everything =
        Map.of("FLOE_TOKEN", "tok", "FLOE_CLIENT_ID", "env-id", "FLOE_CLIENT_SECRET", "env-secret", "FLOE_CREDENTIALS_FILE", "creds");
    assertThat(SignIn.resolve(null, file, everything, directory).credentials()).contains(new ClientCredentials("file-id", "file-secret"));
    assertThat(SignIn.resolve(null, null, everything, directory).token()).contains("tok");
    Map<String, String> withoutToken = Map.of("FLOE_CLIENT_ID", "env-id", "FLOE_CLIENT_SECRET", "env-secret", "FLOE_CREDENTIALS_FILE", "creds");
    assertThat(SignIn.resolve(null, null, withoutToken, directory).credentials()).contains(new ClientCredentials("env-id", "env-secret"));
    assertThat(SignIn.resolve(null, null, Map.of("FLOE_CREDENTIALS_FILE", "creds"), directory).credentials())
        .contains(new ClientCredentials("file-id", "file-secret"));
  }

  @Test
  void halfAClientIsRefused() {
    assertThatThrownBy(() -> SignIn.resolve(null, null, Map.of("FLOE_CLIENT_ID", "id"), directory))
        .hasMessage("FLOE_CLIENT_ID is set but FLOE_CLIENT_SECRET is not");
    assertThatThrownBy(() -> SignIn.resolve(null, null, Map.of("FLOE_CLIENT_SECRET", "hidden"), directory))
        .hasMessage("FLOE_CLIENT_SECRET is set but FLOE_CLIENT_ID is not");
  }

  @Test
  void noCredentialsSaysWhatToSet() {
    assertThatThrownBy(() -> SignIn.resolve(null, null, Map.of(), directory))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("FLOE_TOKEN")
        .hasMessageContaining("--credentials-file");
  }

  @Test
  void theUriFromOptionOverEnvironment() {
    Map<String, String> environment = Map.of("FLOE_URI", "http://env:1", "FLOE_TOKEN", "t");
    assertThat(SignIn.resolve(null, null, environment, directory).baseUri()).isEqualTo(URI.create("http://env:1"));
    assertThat(SignIn.resolve("https://option:2/", null, environment, directory).baseUri()).isEqualTo(URI.create("https://option:2"));
  }

  @Test
  void theCatalogUriIsAcceptedAsTheBaseUri() {
    assertThat(SignIn.baseUri("http://localhost:8181/api/catalog/")).isEqualTo(URI.create("http://localhost:8181"));
    assertThatThrownBy(() -> SignIn.baseUri("localhost:8181")).hasMessageContaining("expected http://host:port");
  }

  @Test
  void exactlyOneWayToSignIn() {
    assertThatThrownBy(() -> new SignIn(URI.create("http://a"), Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
