package dev.jkops.api.store;

import dev.jkops.api.ApiException;

/**
 * A state store could not be read, written or reached. The message names the store (and the file,
 * when there is one) and what to check.
 */
public class StateStoreException extends ApiException {
  public StateStoreException(String message) {
    super(message);
  }

  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
