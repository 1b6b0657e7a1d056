package io.promisemonitor.core.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Run in a separate JVM by the lock tests: tries once to lock {@code args[1]} in folder {@code args[0]}, prints
 * {@code acquired <pid>} or {@code busy}, and if it won holds the lock until its stdin closes.
 */
public final class LockRacer {

    private LockRacer() {
    }

    public static void main(String[] args) throws IOException {
        Optional<ServiceLock> lock = ServiceLock.tryAcquire(Path.of(args[0]), args[1], Clock.systemUTC());
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
