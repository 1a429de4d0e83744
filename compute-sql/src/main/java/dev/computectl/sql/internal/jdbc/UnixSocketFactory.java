package dev.computectl.sql.internal.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import javax.net.SocketFactory;

/**
 * Lets pgjdbc reach Postgres over a unix domain socket (JDK 16+ channels; pgjdbc has no native
 * support). pgjdbc instantiates it by class name with the socket file path as its argument and
 * calls {@code connect} with the TCP address it would have used, which is ignored. The streams are
 * only used by one thread at a time, as pgjdbc does. Public only because pgjdbc instantiates it.
 */
public final class UnixSocketFactory extends SocketFactory {

  private final Path socketFile;

  /** @param socketFile e.g. {@code /run/postgresql/.s.PGSQL.5432} */
  public UnixSocketFactory(String socketFile) {
    this.socketFile = Path.of(socketFile);
  }

  @Override
  public Socket createSocket() {
    return new UnixSocket(socketFile);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected();
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected();
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected();
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected();
  }

  private Socket connected() throws IOException {
    UnixSocket socket = new UnixSocket(socketFile);
    socket.connect(null, 0);
    return socket;
  }

  /** A {@link Socket} face over a unix-domain {@link SocketChannel}; TCP options are no-ops. */
  private static final class UnixSocket extends Socket {
    private final Path file;
    private SocketChannel channel;
    private InputStream in;
    private OutputStream out;

    UnixSocket(Path file) {
      this.file = file;
    }

    @Override
    public void connect(SocketAddress ignored, int timeout) throws IOException {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(file));
      in = Channels.newInputStream(channel);
      out = Channels.newOutputStream(channel);
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
      connect(endpoint, 0);
    }

    @Override
    public InputStream getInputStream() throws IOException {
      requireConnected();
      return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      requireConnected();
      return out;
    }

    private void requireConnected() throws IOException {
      if (channel == null) {
        throw new IOException("unix socket " + file + " is not connected");
      }
    }

    @Override
    public boolean isConnected() {
      return channel != null && channel.isConnected();
    }

    @Override
    public boolean isClosed() {
      return channel != null && !channel.isOpen();
    }

    @Override
    public synchronized void close() throws IOException {
      if (channel != null) {
        channel.close();
      }
    }

    @Override
    public void setTcpNoDelay(boolean on) {}

    @Override
    public void setKeepAlive(boolean on) {}

    @Override
    public synchronized void setSoTimeout(int timeout) {}

    @Override
    public synchronized int getSoTimeout() {
      return 0;
    }

    @Override
    public synchronized void setReceiveBufferSize(int size) {}

    @Override
    public synchronized void setSendBufferSize(int size) {}

    @Override
    public void shutdownInput() throws IOException {
      channel.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
      channel.shutdownOutput();
    }
  }
}
