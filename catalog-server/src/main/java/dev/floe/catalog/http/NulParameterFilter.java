package dev.floe.catalog.http;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses U+0000 in every path and query parameter of every endpoint with a 400 naming the
 * parameter: no name, filter or token can hold it, and PostgreSQL text cannot store it, so without
 * this check it would reach the database and come back as a 500. Endpoints check the other
 * control characters where they do not belong (namespace paths legitimately hold U+001F).
 */
public class NulParameterFilter {
  @ServerRequestFilter
  public void refuseNul(UriInfo uriInfo) {
    check(uriInfo.getPathParameters(true), "path parameter");
    check(uriInfo.getQueryParameters(true), "query parameter");
  }

  private static void check(MultivaluedMap<String, String> parameters, String what) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      ControlCharacters.refuseNul(parameter.getKey(), what);
      for (String value : parameter.getValue()) {
        ControlCharacters.refuseNul(value, parameter.getKey());
      }
    }
  }
}
