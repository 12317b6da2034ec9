package dev.jkops.cloud.local.handlers;

import dev.jkops.cloud.local.resources.VpcRouter;
import java.util.List;
import java.util.Optional;

/**
 * The VPC's router namespace: forwarding on, reverse-path filtering off (routes are asymmetric by
 * design).
 */
public final class VpcRouterHandler implements ResourceHandler<VpcRouter> {
  private final LocalContext ctx;

  /** The label the loopback gets as the namespace is made (the cluster owner's mark), if any. */
  private final Optional<String> loopbackAlias;

  public VpcRouterHandler(LocalContext ctx) {
    this(ctx, Optional.empty());
  }

  public VpcRouterHandler(LocalContext ctx, Optional<String> loopbackAlias) {
    this.ctx = ctx;
    this.loopbackAlias = loopbackAlias;
  }

  @Override
  public Optional<VpcRouter> find(VpcRouter desired) {
    // a router namespace whose sysctls were never written (its creator was killed) is not done yet
    return ctx.vpcExists() && Sysctls.isRouter(ctx.vpc())
        ? Optional.of(new VpcRouter(ctx.names()))
        : Optional.empty();
  }

  @Override
  public List<VpcRouter> owned() {
    return ctx.vpcExists() ? List.of(new VpcRouter(ctx.names())) : List.of();
  }

  @Override
  public void create(VpcRouter r) {
    // one process: the namespace, its sysctls and its loopback (with the owner's mark)
    Sysctls.makeRouter(ctx.kernel().netns(), ctx.names().vpcNamespace(), loopbackAlias);
  }

  @Override
  public void delete(VpcRouter live) {
    ctx.kernel().netns().delete(ctx.names().vpcNamespace());
  }
}
