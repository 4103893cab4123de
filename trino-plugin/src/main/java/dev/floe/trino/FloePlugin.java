package dev.floe.trino;

import io.trino.spi.Plugin;
import io.trino.spi.eventlistener.EventListenerFactory;
import io.trino.spi.security.SystemAccessControlFactory;
import java.util.List;

/**
 * The Floe plugin: a system access control and an event listener, both named {@value
 * FloeAccessControlFactory#NAME}.
 */
public final class FloePlugin implements Plugin {
  @Override
  public Iterable<SystemAccessControlFactory> getSystemAccessControlFactories() {
    return List.of(new FloeAccessControlFactory());
  }

  @Override
  public Iterable<EventListenerFactory> getEventListenerFactories() {
    return List.of(new FloeEventListenerFactory());
  }
}
