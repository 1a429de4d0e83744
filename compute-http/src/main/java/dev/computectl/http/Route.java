package dev.computectl.http;

import io.javalin.http.HandlerType;
import io.javalin.http.Handler;

/** One row of a server's route table. */
record Route(HandlerType method, String path, Access access, boolean blocking, Handler handler) {

  static Route get(String path, Access access, Handler handler) {
    return new Route(HandlerType.GET, path, access, false, handler);
  }

  static Route post(String path, Access access, Handler handler) {
    return new Route(HandlerType.POST, path, access, false, handler);
  }

  static Route delete(String path, Access access, Handler handler) {
    return new Route(HandlerType.DELETE, path, access, false, handler);
  }

  /** Runs on the blocking pool: waits on the state machine, Postgres or pg_dump. */
  Route onBlockingPool() {
    return new Route(method, path, access, true, handler);
  }
}
