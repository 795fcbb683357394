package org.meritflow.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.servlet.http.HttpServletRequest;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.identity.Tenant;
import org.operaton.bpm.engine.rest.security.auth.AuthenticationResult;
import org.operaton.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * HTTP Basic, with a successful check remembered for a minute. Upstream checks the password and then
 * queries the user's groups and tenants on every REST call: three database reads per call, about a
 * tenth of the engine's CPU under the full-cycle bench. Only the server and the worker call this API
 * (127.0.0.1, one technical account), so a changed password taking up to a minute to bite is fine.
 * Failed checks are never remembered, so the engine still answers each wrong secret with 401.
 */
public class CachingBasicAuthenticationProvider extends HttpBasicAuthenticationProvider {
  private static final long REMEMBER_MILLIS = 60_000;
  private static final int MAX_REMEMBERED = 64;

  private record Remembered(AuthenticationResult result, long until) {}

  private final ConcurrentHashMap<String, Remembered> remembered = new ConcurrentHashMap<>();

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    String header = request.getHeader("Authorization");
    if (header == null) return super.extractAuthenticatedUser(request, engine);
    // The key is a digest so that no secret stays in this map.
    String key = engine.getName() + ":" + sha256(header);
    long now = System.currentTimeMillis();
    Remembered hit = remembered.get(key);
    if (hit != null && hit.until() > now) return hit.result();

    AuthenticationResult result = super.extractAuthenticatedUser(request, engine);
    if (!result.isAuthenticated()) return result;
    IdentityService identity = engine.getIdentityService();
    String user = result.getAuthenticatedUser();
    result.setGroups(identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList());
    result.setTenants(identity.createTenantQuery().userMember(user).includingGroupsOfUser(true).list().stream().map(Tenant::getId).toList());
    if (remembered.size() >= MAX_REMEMBERED) remembered.clear();
    remembered.put(key, new Remembered(result, now + REMEMBER_MILLIS));
    return result;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
