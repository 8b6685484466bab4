package org.paramlab.kernel.protocol;

import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;

/**
 * One ZeroMQ socket of the kernel with the codec that signs and checks its messages.
 * A ZeroMQ socket must not be used by two threads at once, so sending and receiving are
 * serialised here; each socket is only ever read by one thread.
 */
public final class Channel {

    private final String name;
    private final ZMQ.Socket socket;
    private final WireCodec codec;
    private final Object sendLock = new Object();

    public Channel(String name, ZMQ.Socket socket, WireCodec codec) {
        this.name = name;
        this.socket = socket;
        this.codec = codec;
    }

    public String name() {
        return name;
    }

    public void send(Message message) {
        List<byte[]> frames = codec.encode(message);
        synchronized (sendLock) {
            for (int i = 0; i < frames.size() - 1; i++) {
                socket.sendMore(frames.get(i));
            }
            socket.send(frames.get(frames.size() - 1), 0);
        }
    }

    /**
     * Blocks until a whole multi-part message arrives, or the timeout passes (then returns null).
     * A timeout of -1 waits for ever. Throws for a message with a bad signature.
     */
    public Message receive(int timeoutMillis) throws WireCodec.InvalidMessageException {
        socket.setReceiveTimeOut(timeoutMillis);
        byte[] first = socket.recv(0);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return codec.decode(frames);
    }
}
