package dev.computectl.core.port;

/**
 * Where {@link ComputeStorage} reports work it does in the background: a failure shows in {@code
 * /status}'s error and in {@code compute_ctl_storage_failures_total}; a later success of the same
 * operation clears that error.
 */
public interface StorageEvents {

  StorageEvents NONE = new StorageEvents() {
    @Override
    public void failed(String operation, String message) {}

    @Override
    public void succeeded(String operation) {}
  };

  /** {@code operation} (e.g. "first backup") failed with {@code message}; it may be retried. */
  void failed(String operation, String message);

  /** {@code operation} succeeded. */
  void succeeded(String operation);
}
