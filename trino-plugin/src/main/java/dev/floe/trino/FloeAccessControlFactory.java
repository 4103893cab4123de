package dev.floe.trino;

import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemAccessControlFactory;
import java.util.Map;

/**
 * Creates the access control of {@code etc/access-control.properties} with {@code
 * access-control.name=floe}: the configuration is validated here, at Trino's start-up, so that a
 * wrong key or value stops Trino with a message naming it.
 */
public final class FloeAccessControlFactory implements SystemAccessControlFactory {
  public static final String NAME = "floe";

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public SystemAccessControl create(Map<String, String> config, SystemAccessControlContext context) {
    FloePluginConfig pluginConfig = FloePluginConfig.from(config);
    FloeEvaluationClient client =
        new FloeEvaluationClient(new FloeHttp(pluginConfig, FloeCredentials.from(pluginConfig)));
    return new FloeSystemAccessControl(pluginConfig, new GovernanceAnswers(client, pluginConfig));
  }
}
