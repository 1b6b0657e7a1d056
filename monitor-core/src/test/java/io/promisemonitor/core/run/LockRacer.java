package io.promisemonitor.core.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Run in a separate JVM by the lock tests: tries once to lock service {@code args[2]} with its pid file in folder {@code args[0]} and
 * its second lock file in {@code args[1]}, prints
 * {@code acquired <pid>} or {@code busy}, and if it won holds the lock until its stdin closes.
 */
public final class LockRacer {

    private LockRacer() {
    }

    public static void main(String[] args) throws IOException {
        Optional<ServiceLock> lock = ServiceLock.tryAcquire(Path.of(args[0]), Path.of(args[1]), args[2], Clock.systemUTC());
        System.out.println(lock.isPresent() ? "acquired " + ProcessHandle.current().pid() : "busy");
        System.out.flush();
        if (lock.isPresent()) {
            while (System.in.read() != -1) {
                // hold until the test lets go
            }
            lock.get().close();
        }
    }
}
