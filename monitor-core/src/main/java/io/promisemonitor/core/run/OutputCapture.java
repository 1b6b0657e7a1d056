package io.promisemonitor.core.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Reads one output stream to its end, keeping at most {@code cap} bytes and draining the rest. */
final class OutputCapture implements Runnable {

    /** The read end of a child's stdout or stderr: a Java stream, or a raw descriptor (NativeSpawner). */
    interface Source {
        /** Like {@link InputStream#read(byte[])}: -1 at the end. */
        int read(byte[] chunk) throws IOException;

        /** The run gives up on this output: the next read must end it. Called also when the reader has ended. */
        void stop();

        /** Called by the reader when it has ended: frees the descriptor. */
        default void readerEnded() {
            stop();
        }
    }

    private final Source in;
    private final int cap;
    private final CountDownLatch done = new CountDownLatch(1);
    private byte[] buffer = new byte[256];
    private int length;
    private boolean truncated;
    private long printed;

    OutputCapture(Source in, int cap) {
        this.in = in;
        this.cap = cap;
    }

    static Source source(InputStream in) {
        return new Source() {
            @Override
            public int read(byte[] chunk) throws IOException {
                return in.read(chunk);
            }

            @Override
            public void stop() {
                try {
                    in.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        };
    }

    @Override
    public void run() {
        byte[] chunk = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(chunk)) != -1) {
                append(chunk, n);
            }
        } catch (IOException e) {
            // the stream was closed under us because the run gave up waiting: keep what was read
        } finally {
            in.readerEnded();
            done.countDown();
        }
    }

    synchronized void append(byte[] chunk, int n) {
        printed += n;
        int kept = Math.min(n, cap - length);
        if (kept < n) {
            truncated = true;
        }
        if (kept <= 0) {
            return;
        }
        if (length + kept > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(cap, Math.max(length + kept, buffer.length * 2)));
        }
        System.arraycopy(chunk, 0, buffer, length, kept);
        length += kept;
    }

    void awaitEnd(long nanos) throws InterruptedException {
        done.await(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Frees the descriptor of a finished reader. A reader still blocked (a child that left the group holds the
     * pipe) is not woken by this, but ends at its next read instead of reading on.
     */
    void close() {
        in.stop();
    }

    synchronized byte[] bytes() {
        return Arrays.copyOf(buffer, length);
    }

    synchronized boolean truncated() {
        return truncated;
    }

    /** Every byte read, the drained ones too: what the program printed, as far as it was read. */
    synchronized long printed() {
        return printed;
    }
}
