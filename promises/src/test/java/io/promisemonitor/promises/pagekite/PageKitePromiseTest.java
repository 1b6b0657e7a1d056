package io.promisemonitor.promises.pagekite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import io.promisemonitor.promises.Options;
import io.promisemonitor.promises.StandaloneContext;
import io.promisemonitor.promises.http.TestServers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The PageKite watchdog against a fake relay on loopback and a fake pagekite process. Every check is made by a new
 * provider instance, as after a restart of the monitor: what it must remember comes from the state folder.
 */
class PageKitePromiseTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private final List<AutoCloseable> open = new ArrayList<>();
    private TestInstance instance;
    private FakeRelay relay;
    private final Map<String, List<String>> options = new LinkedHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        instance = TestInstance.create(dir);
        relay = new FakeRelay();
        open.add(relay);
        set("kite", "kite.test");
        set("relay-url", relay.url().toString());
        set("pid-file", "run/pagekite.pid");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private void set(String name, String... values) {
        options.put(name, List.of(values));
    }

    private StandaloneContext context() {
        return new StandaloneContext("pagekite", instance.root(), instance.root().resolve("state/pagekite"), clock);
    }

    /** One check by a fresh provider and promise. */
    private PromiseResult check() throws Exception {
        Options o = Options.of("pagekite.cfg [promise]");
        options.forEach((k, vs) -> vs.forEach(v -> o.add(k, v)));
        return new PageKitePromise().create(o.build()).check(context());
    }

    private PromiseResult check(FakeRelay.Answer answer) throws Exception {
        relay.answer = answer;
        return check();
    }

    private FakePagekite pagekite() throws IOException {
        FakePagekite p = FakePagekite.start(instance.root());
        open.add(0, p);
        return p;
    }

    private String state() throws IOException {
        return Files.readString(instance.root().resolve("state/pagekite/pagekite.properties"));
    }

    /** The actions dropped for the dashboard, oldest first. */
    private List<String> actions() throws IOException {
        Path inbox = instance.monitor().stateFolder("history").resolve("actions");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(inbox)) {
            try (DirectoryStream<Path> d = Files.newDirectoryStream(inbox, "*.json")) {
                d.forEach(files::add);
            }
        }
        files.sort(null);
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            out.add(Files.readString(f));
        }
        return out;
    }

    @Test
    void aNormalAnswerIsOk() throws Exception {
        PromiseResult result = check(FakeRelay.Answer.FLYING);

        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.message()).matches("kite kite\\.test is flying: HTTP 200 from "
                + java.util.regex.Pattern.quote(relay.url().toString()) + " in \\d+ ms");
    }

    @Test
    void theRelaysOfflinePageAndItsDownFeHeaderAreErrorsCountedTowardsAnAction() throws Exception {
        PromiseResult page = check(FakeRelay.Answer.OFFLINE_PAGE);
        PromiseResult header = check(FakeRelay.Answer.DOWN_FE_HEADER);

        assertThat(page.status()).isEqualTo(Status.ERROR);
        assertThat(page.message()).matches("kite kite\\.test is not flying: HTTP 503 from .* in \\d+ ms, the relay's"
                + " offline page \\(where=FE\\) \\(failure 1 of 3 before action\\)");
        assertThat(header.message()).matches("kite kite\\.test is not flying: HTTP 503 from .* in \\d+ ms,"
                + " X-PageKite-Status: Down-FE \\(failure 2 of 3 before action\\)");
        assertThat(state()).isEqualTo("failures=2\n");

        PromiseResult flying = check(FakeRelay.Answer.FLYING);
        assertThat(flying.status()).isEqualTo(Status.OK);
        assertThat(state()).isEqualTo("failures=0\n");
    }

    @Test
    void aDownBackEndIsAWarningThatDoesNotBlamePageKite() throws Exception {
        check(FakeRelay.Answer.OFFLINE_PAGE);

        PromiseResult result = check(FakeRelay.Answer.DOWN_BE);

        assertThat(result.status()).isEqualTo(Status.WARNING);
        assertThat(result.message()).startsWith("kite kite.test is flying but the server behind it does not answer,"
                + " not a PageKite problem: HTTP 503 from ").endsWith("the relay's offline page (where=BE)");
        assertThat(state()).isEqualTo("failures=0\n");
    }

    @Test
    void dnsConnectTlsAndTimeoutFailuresBlameTheNetworkAndNeitherCountNorResetTheFailures() throws Exception {
        FakePagekite kite = pagekite();
        check(FakeRelay.Answer.OFFLINE_PAGE);
        check(FakeRelay.Answer.OFFLINE_PAGE);
        int closed = TestServers.closedPort();
        Map<String, String> failures = new LinkedHashMap<>();
        failures.put("https://no-such-kite.invalid/", "network down, PageKite not blamed: DNS: cannot resolve"
                + " 'no-such-kite.invalid' (https://no-such-kite.invalid/); kite failures in a row stay at 2 of 3");
        failures.put("http://127.0.0.1:" + closed + "/", "network down, PageKite not blamed: connect: connection"
                + " refused by 127.0.0.1:" + closed + " (http://127.0.0.1:" + closed + "/); kite failures in a row"
                + " stay at 2 of 3");
        int plain = relay.plainTextPort();
        failures.put("https://127.0.0.1:" + plain + "/", "network down, PageKite not blamed: TLS: ");
        failures.put(relay.url().toString(), "network down, PageKite not blamed: timeout: no answer from"
                + " 127.0.0.1:" + relay.port() + " within 300ms (" + relay.url() + "); kite failures in a row stay"
                + " at 2 of 3");
        relay.answer = FakeRelay.Answer.HANG;
        set("timeout", "300ms");

        for (var f : failures.entrySet()) {
            set("relay-url", f.getKey());
            PromiseResult result = check();
            assertThat(result.status()).as(f.getKey()).isEqualTo(Status.WARNING);
            assertThat(result.message()).as(f.getKey()).startsWith(f.getValue()).endsWith("; kite failures in a"
                    + " row stay at 2 of 3");
        }
        assertThat(state()).isEqualTo("failures=2\n");
        assertThat(kite.process.isAlive()).isTrue();
        assertThat(actions()).isEmpty();

        set("relay-url", relay.url().toString());
        set("timeout", "10s");
        PromiseResult third = check(FakeRelay.Answer.OFFLINE_PAGE);
        assertThat(third.message()).contains("(3 in a row): sent SIGSEGV to pid " + kite.pid());
    }

    @Test
    void afterThreeFailuresInARowTheVerboseCommandRunsThenPagekiteGetsSigsegvOncePerMinimumInterval()
            throws Exception {
        FakePagekite kite = pagekite();
        Path journal = kite.journal;
        set("verbose-command", "/bin/sh -c 'echo verbose >> \"$0\"' " + journal);
        check(FakeRelay.Answer.OFFLINE_PAGE);
        check(FakeRelay.Answer.OFFLINE_PAGE);

        PromiseResult acted = check(FakeRelay.Answer.OFFLINE_PAGE);

        Eventually.await("the fake pagekite received SIGSEGV", WAIT, () -> !kite.process.isAlive());
        assertThat(kite.process.exitValue()).isEqualTo(139);
        assertThat(journal).hasContent("verbose\nSEGV");
        Path pidFile = instance.root().resolve("run/pagekite.pid");
        assertThat(acted.status()).isEqualTo(Status.ERROR);
        assertThat(acted.message()).contains("is not flying: HTTP 503 from ").endsWith(" (3 in a row):"
                + " verbose-command ran (exit 0); sent SIGSEGV to pid " + kite.pid() + " (from " + pidFile + ");"
                + " crash report kept at " + instance.root().resolve("state/pagekite/reports/"
                        + "pagekite-report-20261121T100000Z.txt.gz") + " (0 logs, " + sizeOfReport() + " gzipped);"
                + " not uploaded: report-url is not set");
        assertThat(actions()).hasSize(3);
        assertThat(actions().get(1)).isEqualTo("{\"service\": \"pagekite\", \"message\": \"sent SIGSEGV to pid "
                + kite.pid() + " (from " + pidFile + ")\", \"date\": \"2026-11-21T10:00:00Z\"}\n");

        // Three more failures within min-action-interval: no action.
        FakePagekite second = pagekite();
        clock.advance(Duration.ofMinutes(20));
        check(FakeRelay.Answer.OFFLINE_PAGE);
        check(FakeRelay.Answer.OFFLINE_PAGE);
        PromiseResult heldBack = check(FakeRelay.Answer.OFFLINE_PAGE);
        assertThat(heldBack.message()).endsWith("(3 in a row; no action before 2026-11-21T11:00:00Z:"
                + " min-action-interval 1h, the last at 2026-11-21T10:00:00Z)");
        assertThat(second.process.isAlive()).isTrue();
        assertThat(actions()).hasSize(3);

        clock.advance(Duration.ofMinutes(40));
        PromiseResult again = check(FakeRelay.Answer.OFFLINE_PAGE);
        assertThat(again.message()).contains("(4 in a row): verbose-command ran (exit 0); sent SIGSEGV to pid "
                + second.pid()).endsWith("no crash report: one per 7d, the last at 2026-11-21T10:00:00Z, the next"
                        + " from 2026-11-28T10:00:00Z");
        Eventually.await("the second fake pagekite received SIGSEGV", WAIT, () -> !second.process.isAlive());
    }

    private String sizeOfReport() throws IOException {
        Path report = instance.root().resolve("state/pagekite/reports/pagekite-report-20261121T100000Z.txt.gz");
        return io.promisemonitor.promises.internal.Values.bytes(Files.size(report));
    }

    @Test
    void aRestartCommandRunsInsteadOfTheSignal() throws Exception {
        FakePagekite kite = pagekite();
        set("failures", "1");
        set("restart-command", "/bin/sh -c 'echo restarted > \"$0\"; exit 0' " + instance.root().resolve("done"));

        PromiseResult result = check(FakeRelay.Answer.OFFLINE_PAGE);

        assertThat(result.message()).contains("(1 in a row): restart-command ran (exit 0); crash report kept at ");
        assertThat(instance.root().resolve("done")).hasContent("restarted");
        assertThat(kite.process.isAlive()).isTrue();
        assertThat(kite.journal).doesNotExist();
    }

    @Test
    void aStalePidFileNamingAnotherProcessOrTheMonitorItselfIsNeverSignalled() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        open.add(sleeper::destroyForcibly);
        set("failures", "1");
        set("min-action-interval", "0s");
        instance.write("run/pagekite.pid", sleeper.pid() + "\n");

        PromiseResult other = check(FakeRelay.Answer.OFFLINE_PAGE);
        instance.write("run/pagekite.pid", ProcessHandle.current().pid() + "\n");
        PromiseResult self = check(FakeRelay.Answer.OFFLINE_PAGE);
        instance.write("run/pagekite.pid", "1\n");
        PromiseResult init = check(FakeRelay.Answer.OFFLINE_PAGE);
        Files.delete(instance.root().resolve("run/pagekite.pid"));
        PromiseResult none = check(FakeRelay.Answer.OFFLINE_PAGE);

        Path pidFile = instance.root().resolve("run/pagekite.pid");
        assertThat(other.message()).contains("(1 in a row): no signal sent: pid " + sleeper.pid() + " from " + pidFile
                + " is 'sleep 600', which does not match process-match 'pagekite' (a stale PID file?);");
        assertThat(sleeper.isAlive()).isTrue();
        assertThat(self.message()).contains("no signal sent: pid " + ProcessHandle.current().pid() + " in " + pidFile
                + " is PID 1, the monitor or its parent;");
        assertThat(init.message()).contains("no signal sent: pid 1 in " + pidFile + " is PID 1, the monitor or its"
                + " parent;");
        assertThat(none.message()).contains("no signal sent: pid-file " + pidFile + " does not exist;");
    }

    @Test
    void theCrashReportHoldsScrubbedLogTailsNeverACoreDumpAndIsPostedToTheReportUrl() throws Exception {
        set("failures", "1");
        set("report-url", relay.reportUrl() + "?key=upload-secret");
        set("report-size", "2KiB");
        set("log", "var/log/pagekite.log", "var/log/extra/*.log", "var/log/core");
        set("core-dump", "var/crash/core.*");
        StringBuilder old = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            old.append("old line ").append(i).append(" that falls out of the tail\n");
        }
        instance.write("var/log/pagekite.log", old + String.join("\n",
                "ts=1; ll=INFO; msg=tunnel established to relay",
                "ll=DEBUG; password=hunter2 in config",
                "ll=DEBUG; login: alice-the-user connected",
                "ll=DEBUG; token=tok_5f3a9c77e1 accepted",
                "GET / HTTP/1.1 Cookie: session=c00kie-value-42",
                "Authorization: Basic YWxpY2U6aHVudGVyMg==",
                "mail from bob.smith@example.org bounced",
                "fetching https://carol:pa55w0rd@relay.example/ now",
                "kitesecret = k1t3s3cr3t",
                "service_on = http:kite.test:localhost:80:s3rv1ce-s3cret",
                "ll=INFO; msg=last line") + "\n");
        instance.write("var/log/extra/more.log", "extra log line\n");
        byte[] core = new byte[64];
        core[0] = 0x7f;
        core[1] = 'E';
        core[2] = 'L';
        core[3] = 'F';
        core[5] = 1;
        core[16] = 4;
        byte[] marker = "CORE-DUMP-CONTENT".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, core, 20, marker.length);
        Files.write(instance.write("var/log/core", ""), core);
        Files.createDirectories(instance.root().resolve("var/crash"));
        Files.write(instance.root().resolve("var/crash/core.1234"), core);

        PromiseResult result = check(FakeRelay.Answer.OFFLINE_PAGE);

        assertThat(relay.uploads).hasSize(1);
        Map<String, byte[]> parts = Multipart.parse(relay.uploads.get(0).contentType(), relay.uploads.get(0).body());
        assertThat(parts).containsOnlyKeys("report:pagekite-report-20261121T100000Z.txt.gz");
        String report = gunzip(parts.values().iterator().next());
        assertThat(report).startsWith("PageKite watchdog crash report\nkite: kite.test\ntime: 2026-11-21T10:00:00Z\n"
                + "reason: kite kite.test is not flying: HTTP 503 from ");
        assertThat(report).contains("ts=1; ll=INFO; msg=tunnel established to relay\n", "extra log line\n",
                "ll=INFO; msg=last line\n", "==> " + instance.root().resolve("var/log/pagekite.log")
                        + " (last 2.0 KiB of ");
        assertThat(report).doesNotContain("old line 0 ", "hunter2", "alice-the-user", "tok_5f3a9c77e1",
                "c00kie-value-42", "YWxpY2U6aHVudGVyMg==", "bob.smith", "example.org", "carol", "pa55w0rd",
                "k1t3s3cr3t", "s3rv1ce-s3cret", "CORE-DUMP-CONTENT", "upload-secret");
        assertThat(report).contains("password=[scrubbed]", "login: [scrubbed]", "Authorization: [scrubbed]",
                "mail from [email] bounced", "https://[scrubbed]@relay.example/");
        assertThat(result.message()).contains("crash report uploaded to " + relay.reportUrl() + " (2 logs, ")
                .contains("skipped " + instance.root().resolve("var/log/core") + ": a core dump (list core dumps in"
                        + " core-dump); core dump " + instance.root().resolve("var/crash/core.1234") + " not"
                        + " uploaded: include-core-dumps is no)")
                .doesNotContain("upload-secret");
        assertThat(state()).contains("last-report=2026-11-21T10\\:00\\:00Z\n");
        assertThat(actions()).anyMatch(a -> a.contains("\"message\": \"crash report uploaded to " + relay.reportUrl()
                + " (2 logs, "));

        // Allowed explicitly, the core dump goes too, gzipped, in its own part.
        set("include-core-dumps", "yes");
        set("min-action-interval", "0s");
        set("report-interval", "0s");
        clock.advance(Duration.ofSeconds(1));
        check(FakeRelay.Answer.OFFLINE_PAGE);
        Map<String, byte[]> withCore = Multipart.parse(relay.uploads.get(1).contentType(),
                relay.uploads.get(1).body());
        assertThat(withCore).containsOnlyKeys("report:pagekite-report-20261121T100001Z.txt.gz",
                "core:core.1234.gz");
        assertThat(gunzip(withCore.get("core:core.1234.gz"))).contains("CORE-DUMP-CONTENT");
    }

    private static final String HELD = "no crash report: one per 7d, the last at 2026-11-21T10:00:00Z, the next from"
            + " 2026-11-28T10:00:00Z";

    private String kept() {
        return instance.root().resolve("state/pagekite/reports/pagekite-report-20261121T100000Z.txt.gz").toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {303, 500})
    void anUploadAnsweredWithoutA2xxStillCountsAsTheReportOfTheWeek(int status) throws Exception {
        set("failures", "1");
        set("report-url", relay.reportUrl().toString());
        relay.uploadStatus = status;

        PromiseResult failed = check(FakeRelay.Answer.OFFLINE_PAGE);
        relay.uploadStatus = 200;
        clock.advance(Duration.ofHours(1));
        PromiseResult next = check(FakeRelay.Answer.OFFLINE_PAGE);

        assertThat(failed.message()).endsWith("; crash report upload failed: HTTP " + status + " from "
                + relay.reportUrl() + "; kept at " + kept() + "; the receiver may have it: no other report before"
                + " 2026-11-28T10:00:00Z");
        assertThat(next.message()).endsWith(HELD);
        assertThat(relay.uploads).hasSize(1);
    }

    @Test
    void anUploadCutShortByTheServiceTimeoutCountsForTheStateWasWrittenBeforeItStarted() throws Exception {
        set("failures", "1");
        set("report-url", relay.reportUrl().toString());
        relay.uploadHangs = true;
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Callable<PromiseResult> offline = () -> check(FakeRelay.Answer.OFFLINE_PAGE);
            Future<PromiseResult> run = runner.submit(offline);
            Eventually.await("the report reaches the receiver", WAIT, () -> relay.uploads.size() == 1);

            // no answer yet, and already remembered
            assertThat(state()).contains("\nlast-report=2026-11-21T10\\:00\\:00Z\nlast-report-text=crash report upload"
                    + " to " + relay.reportUrl().toString().replace(":", "\\:") + " started; kept at ");
            // what the executor does when the service's timeout is over
            run.cancel(true);
        } finally {
            runner.shutdownNow();
        }
        relay.uploadHangs = false;
        clock.advance(Duration.ofHours(1));

        assertThat(check(FakeRelay.Answer.OFFLINE_PAGE).message()).endsWith(HELD);
        assertThat(relay.uploads).hasSize(1);
    }

    @Test
    void anUploadThatSentNothingDoesNotCountAndIsTriedAgainAtTheNextAction() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        set("failures", "1");
        set("report-url", "http://127.0.0.1:" + closedPort + "/report");

        PromiseResult refused = check(FakeRelay.Answer.OFFLINE_PAGE);
        set("report-url", relay.reportUrl().toString());
        clock.advance(Duration.ofHours(1));
        PromiseResult retried = check(FakeRelay.Answer.OFFLINE_PAGE);

        assertThat(refused.message()).contains("; crash report upload failed: ").endsWith("(http://127.0.0.1:"
                + closedPort + "/report); kept at " + kept() + "; nothing was sent: the next action tries again");
        assertThat(retried.message()).contains("; crash report uploaded to " + relay.reportUrl());
        assertThat(relay.uploads).hasSize(1);
    }

    @Test
    void oneReportAWeekHoldsAcrossTheYearEnd() throws Exception {
        set("failures", "1");
        set("report-url", relay.reportUrl().toString());
        clock.set(Instant.parse("2026-12-30T12:00:00Z"));
        PromiseResult first = check(FakeRelay.Answer.OFFLINE_PAGE);

        clock.set(Instant.parse("2027-01-02T12:00:00Z"));
        PromiseResult newYear = check(FakeRelay.Answer.OFFLINE_PAGE);
        clock.set(Instant.parse("2027-01-06T11:00:00Z"));
        PromiseResult hourBefore = check(FakeRelay.Answer.OFFLINE_PAGE);
        clock.set(Instant.parse("2027-01-06T12:00:00Z"));
        PromiseResult weekLater = check(FakeRelay.Answer.OFFLINE_PAGE);

        assertThat(first.message()).contains("crash report uploaded to " + relay.reportUrl());
        String held = "no crash report: one per 7d, the last at 2026-12-30T12:00:00Z, the next from"
                + " 2027-01-06T12:00:00Z";
        assertThat(newYear.message()).endsWith(held);
        assertThat(hourBefore.message()).endsWith(held);
        assertThat(weekLater.message()).contains("crash report uploaded to " + relay.reportUrl());
        assertThat(relay.uploads).hasSize(2);
    }

    @Test
    void theFailureCountTheLastActionAndTheLastReportSurviveARestart() throws Exception {
        set("report-url", relay.reportUrl().toString());
        check(FakeRelay.Answer.OFFLINE_PAGE);
        check(FakeRelay.Answer.OFFLINE_PAGE);
        assertThat(state()).isEqualTo("failures=2\n");

        clock.advance(Duration.ofMinutes(1));
        check(FakeRelay.Answer.OFFLINE_PAGE);

        assertThat(state()).startsWith("failures=0\nlast-action=2026-11-21T10\\:01\\:00Z\nlast-action-text=no"
                + " signal sent\\: pid-file ").contains("\nlast-report=2026-11-21T10\\:01\\:00Z\nlast-report-text="
                        + "crash report uploaded to ");
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(1));
            check(FakeRelay.Answer.OFFLINE_PAGE);
        }
        assertThat(check(FakeRelay.Answer.OFFLINE_PAGE).message()).endsWith("(4 in a row; no action before"
                + " 2026-11-21T11:01:00Z: min-action-interval 1h, the last at 2026-11-21T10:01:00Z)");
        assertThat(relay.uploads).hasSize(1);
    }

    @Test
    void theKiteNameComesFromEitherRcFileName() throws Exception {
        options.remove("kite");
        options.remove("relay-url");
        set("rc-file", "etc/pagekite.d/10_account.rc", "etc/pagekite.d/10_accounts.rc");
        set("timeout", "2s");
        instance.write("etc/pagekite.d/10_accounts.rc", "# seed's name\nkitename   = seed.invalid\n");

        PromiseResult fromSeedName = check();
        instance.write("etc/pagekite.d/10_account.rc", "kitesecret = x\nkitename = script.invalid\n");
        PromiseResult fromScriptName = check();
        Files.delete(instance.root().resolve("etc/pagekite.d/10_account.rc"));
        Files.delete(instance.root().resolve("etc/pagekite.d/10_accounts.rc"));
        PromiseResult none = check();

        assertThat(fromSeedName.message()).startsWith("network down, PageKite not blamed: DNS: cannot resolve"
                + " 'seed.invalid' (https://seed.invalid/)");
        assertThat(fromScriptName.message()).startsWith("network down, PageKite not blamed: DNS: cannot resolve"
                + " 'script.invalid' (https://script.invalid/)");
        assertThat(none).isEqualTo(PromiseResult.error("no kite name: set option 'kite', or 'kitename = ...' in"
                + " etc/pagekite.d/10_account.rc or etc/pagekite.d/10_accounts.rc (none names a kite)"));
    }

    @Test
    void badOptionsSayWhatIsAllowed() {
        set("signal", "BOOM");
        assertThatThrownBy(this::check).hasMessage("pagekite.cfg [promise]: option 'signal' is 'BOOM', allowed:"
                + " ABRT, HUP, INT, KILL, QUIT, SEGV, TERM, USR1, USR2");
        set("signal", "SIGSEGV");
        set("report-url", "ftp://example.com/");
        assertThatThrownBy(this::check).hasMessage("pagekite.cfg [promise]: option 'report-url' is"
                + " 'ftp://example.com/', allowed: an http:// or https:// URL with a host");
        options.remove("report-url");
        set("failures", "0");
        assertThatThrownBy(this::check).hasMessage("pagekite.cfg [promise]: option 'failures' is '0', allowed: a"
                + " whole number from 1 to 1000");
    }

    @Test
    void theReadmeExampleIsAValidService() throws Exception {
        String readme = Files.readString(Path.of("..", "docs", "promises.md"));
        String section = readme.substring(readme.indexOf("\n### `pagekite`\n"));
        section = section.substring(0, section.indexOf("\n### ", 5));
        String cfg = section.substring(section.indexOf("```ini\n") + 7);
        cfg = cfg.substring(0, cfg.indexOf("```"));
        Path file = instance.write("etc/monitor-promise/pagekite.cfg", cfg);

        io.promisemonitor.core.config.ServiceConfig service = io.promisemonitor.core.config.InstanceConfig
                .loadService(instance.monitor(), file);

        assertThat(service.timeout()).isEqualTo(Duration.ofMinutes(2));
        io.promisemonitor.core.config.Runner.BuiltIn builtIn = (io.promisemonitor.core.config.Runner.BuiltIn)
                service.runner();
        assertThat(io.promisemonitor.core.config.PromiseRegistry.fromClassPath().create(builtIn.name(),
                builtIn.options())).isNotNull();
    }

    private static String gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
