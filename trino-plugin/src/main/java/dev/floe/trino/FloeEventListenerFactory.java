package dev.floe.trino;

import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;
import java.util.Map;

/**
 * Creates the event listener of {@code etc/event-listener.properties} with {@code
 * event-listener.name=floe}; it takes the same keys as the access control (Floe's URL, catalogs,
 * credential) plus the report settings.
 */
public final class FloeEventListenerFactory implements EventListenerFactory {
  @Override
  public String getName() {
    return FloeAccessControlFactory.NAME;
  }

  @Override
  public EventListener create(Map<String, String> config, EventListenerContext context) {
    FloePluginConfig pluginConfig = FloePluginConfig.from(config);
    FloeHttp http = new FloeHttp(pluginConfig, FloeCredentials.from(pluginConfig));
    return new FloeEventListener(pluginConfig, AccessReports.toFloe(http, pluginConfig));
  }
}
