package dev.computectl.core.port;

/** The signals compute_ctl sends to Postgres, with their Linux numbers. */
public enum Signal {
  /** Reload the configuration. */
  HUP(1),
  /** Fast shutdown. */
  INT(2),
  /** Immediate shutdown. */
  QUIT(3),
  KILL(9),
  /** Smart shutdown. */
  TERM(15);

  private final int number;

  Signal(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }
}
