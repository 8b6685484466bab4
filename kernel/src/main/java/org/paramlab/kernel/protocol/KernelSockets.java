package org.paramlab.kernel.protocol;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.security.GeneralSecurityException;

/**
 * The five sockets of a Jupyter kernel, bound to exactly the address in the connection file:
 * shell and control (requests), stdin (input requests), iopub (broadcast output) and heartbeat.
 */
public final class KernelSockets implements AutoCloseable {

    private final ZContext context = new ZContext(1);
    public final Channel shell;
    public final Channel control;
    public final Channel stdin;
    public final Channel iopub;
    private final ZMQ.Socket heartbeat;
    private final Thread heartbeatThread;

    /**
     * Binds the heartbeat first: a client that is not the kernel's manager judges the kernel
     * alive by it, and gives up on a kernel that has not answered a ping within a second of its
     * start. Then binds the other sockets.
     */
    public KernelSockets(ConnectionFile connection) throws GeneralSecurityException {
        heartbeat = bind(SocketType.REP, connection.address(connection.heartbeatPort()));
        heartbeatThread = new Thread(this::echoHeartbeats, "heartbeat");
        heartbeatThread.setDaemon(true);
        heartbeatThread.start();
        WireCodec codec = new WireCodec(new MessageSigner(connection.signatureScheme(), connection.key()));
        shell = new Channel("shell", bind(SocketType.ROUTER, connection.address(connection.shellPort())), codec);
        control = new Channel("control", bind(SocketType.ROUTER, connection.address(connection.controlPort())), codec);
        stdin = new Channel("stdin", bind(SocketType.ROUTER, connection.address(connection.stdinPort())), codec);
        iopub = new Channel("iopub", bind(SocketType.PUB, connection.address(connection.iopubPort())), codec);
    }

    private ZMQ.Socket bind(SocketType type, String address) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(1000);
        if (type == SocketType.PUB) {
            socket.setSndHWM(100_000); // output bursts must not be dropped silently
        }
        try {
            if (!socket.bind(address)) {
                throw new IllegalStateException("cannot bind " + type + " socket to " + address);
            }
        } catch (ZMQException e) {
            if (e.getErrorCode() == ZMQ.Error.EADDRINUSE.getCode()) {
                // The client chose the port as free, then closed it; another process took it before
                // this JVM was up to bind it. Only the client can choose new ports: say so.
                throw new IllegalStateException("cannot bind " + type + " socket to " + address + ": the port is"
                        + " already in use. Jupyter chose it as free when it wrote the connection file, and another"
                        + " process took it before this kernel could bind it; start the kernel again (on new ports)", e);
            }
            throw e;
        }
        return socket;
    }

    /** The heartbeat answers every ping with the same bytes, on its own thread, even while a cell runs. */
    private void echoHeartbeats() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                byte[] ping = heartbeat.recv(0);
                if (ping != null) {
                    heartbeat.send(ping, 0);
                }
            }
        } catch (RuntimeException closed) {
            // the context was closed: the kernel is shutting down
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
