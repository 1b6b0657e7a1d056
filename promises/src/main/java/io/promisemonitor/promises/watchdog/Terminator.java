package io.promisemonitor.promises.watchdog;

import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.promises.internal.Proc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ends processes: SIGTERM to all, a wait of up to {@code grace} for them to go, then SIGKILL to those left. Before
 * each signal the process is read again: one that ended meanwhile, or whose PID now belongs to a process started
 * later, is not signalled; PID 1, the monitor and its parent never are.
 */
final class Terminator {

    static final long POLL_MILLIS = 50;
    static final long KILL_WAIT_MILLIS = 5000;

    private Terminator() {
    }

    /** One outcome per offender, in order: {@code terminated by SIGTERM}, {@code killed with SIGKILL ...}... */
    static List<String> terminate(List<ProcessWatchdogPromise.Offender> offenders, java.time.Duration grace)
            throws InterruptedException {
        List<String> outcomes = new ArrayList<>();
        List<Integer> waiting = new ArrayList<>();
        for (int i = 0; i < offenders.size(); i++) {
            Proc p = offenders.get(i).proc();
            Optional<String> refused = refusal(p);
            if (refused.isPresent()) {
                outcomes.add(refused.get());
                continue;
            }
            boolean sent = ProcessHandle.of(p.pid()).map(ProcessHandle::destroy).orElse(false);
            outcomes.add(sent ? null : "could not be sent SIGTERM");
            if (sent) {
                waiting.add(i);
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        awaitGone(offenders, waiting, deadline);
        List<Integer> killed = new ArrayList<>();
        for (int i : waiting) {
            Proc p = offenders.get(i).proc();
            if (!p.stillRunning()) {
                outcomes.set(i, "terminated by SIGTERM");
                continue;
            }
            boolean sent = refusal(p).isEmpty()
                    && ProcessHandle.of(p.pid()).map(ProcessHandle::destroyForcibly).orElse(false);
            if (sent) {
                killed.add(i);
            } else {
                outcomes.set(i, "could not be sent SIGKILL after SIGTERM");
            }
        }
        awaitGone(offenders, killed, System.nanoTime() + KILL_WAIT_MILLIS * 1_000_000);
        for (int i : killed) {
            outcomes.set(i, offenders.get(i).proc().stillRunning() ? "could not be killed: still running after"
                    + " SIGKILL" : "killed with SIGKILL, still running " + Durations.format(grace) + " after SIGTERM");
        }
        return outcomes;
    }

    /** Why {@code p} must not be signalled now, if so. */
    static Optional<String> refusal(Proc p) {
        if (Proc.untouchable(p.pid())) {
            return Optional.of("not touched: PID 1, the monitor and its parent never are");
        }
        Optional<Proc> now = Proc.read(p.pid());
        if (now.isEmpty() || now.get().isZombie()) {
            return Optional.of("ended by itself");
        }
        if (now.get().startTicks() != p.startTicks()) {
            return Optional.of("not touched: its PID now belongs to another process (start time "
                    + now.get().startTicks() + ", not " + p.startTicks() + ")");
        }
        return Optional.empty();
    }

    private static void awaitGone(List<ProcessWatchdogPromise.Offender> offenders, List<Integer> which,
            long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            boolean any = false;
            for (int i : which) {
                any |= offenders.get(i).proc().stillRunning();
            }
            if (!any) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
