package dev.floe.catalog.http;

import org.jboss.logging.MDC;

/** The id of the request being served, as logged (MDC key {@code requestId}). */
public final class RequestIds {
  public static final String MDC_KEY = "requestId";
  public static final String HEADER = "X-Request-Id";

  private RequestIds() {}

  public static String current() {
    Object id = MDC.get(MDC_KEY);
    return id == null ? "unknown" : id.toString();
  }
}
