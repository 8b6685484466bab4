package org.paramlab.kernel;

/** The kernel's background threads: daemons, so none of them keeps the JVM alive on its own. */
final class Daemons {

    private Daemons() {
    }

    static void start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
