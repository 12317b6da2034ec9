package dev.jkops.model;

/**
 * The model layer's errors: a plan that cannot be made (a full pod CIDR, a route quota that is too
 * small, a route table owned by another cluster). Every message says what was asked, why it cannot
 * be done and what would fix it; nothing has been changed when it is thrown. It is a {@link
 * dev.jkops.api.UserFacingException}, so commands report it as one paragraph rather than as a jkops
 * bug.
 */
public class ModelException extends dev.jkops.api.ApiException {
  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
