package dev.floe.policy.rbac;

import dev.floe.policy.Authorizer;
import dev.floe.policy.AuthorizerContractTest;
import dev.floe.policy.GrantStore;

class TestRbacAuthorizerContract extends AuthorizerContractTest {
  @Override
  protected Authorizer createAuthorizer(GrantStore store) {
    return new RbacAuthorizer(store);
  }
}
