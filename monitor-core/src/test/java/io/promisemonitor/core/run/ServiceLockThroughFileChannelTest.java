package io.promisemonitor.core.run;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every test of ServiceLockTest again, with this JVM's locks taken through FileChannel (where JNA or glibc's calls
 * are missing, or a path is not ASCII) while the racing processes take theirs through JNA: both ways exclude each
 * other.
 */
class ServiceLockThroughFileChannelTest extends ServiceLockTest {

    private boolean before;

    @BeforeEach
    void throughFileChannel() {
        before = ServiceLock.useNativeLocks(false);
    }

    @AfterEach
    void asBefore() {
        ServiceLock.useNativeLocks(before);
    }
}
