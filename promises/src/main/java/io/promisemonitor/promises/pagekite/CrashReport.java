package io.promisemonitor.promises.pagekite;

import io.promisemonitor.core.io.AtomicFiles;
import io.promisemonitor.promises.internal.Values;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * A crash report (seed 000, points 4 and 5): the tail of each configured log, scrubbed of private data, in one
 * gzipped text file; kept in the state folder and, when {@code report-url} is set, uploaded as
 * {@code multipart/form-data} (field {@code report}, and a field {@code core} per core dump when they are
 * explicitly allowed). A core dump is never read into the text: a file among the logs that is an ELF core is
 * skipped.
 */
final class CrashReport {

    static final String FOLDER = "reports";
    static final int KEEP = 3;
    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(2);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String name;
    private final byte[] gzip;
    private final int logs;
    private final List<String> notes;

    private CrashReport(String name, byte[] gzip, int logs, List<String> notes) {
        this.name = name;
        this.gzip = gzip;
        this.logs = logs;
        this.notes = List.copyOf(notes);
    }

    String name() {
        return name;
    }

    byte[] gzip() {
        return gzip.clone();
    }

    int logs() {
        return logs;
    }

    /** Files skipped or unreadable, one phrase each. */
    List<String> notes() {
        return notes;
    }

    static CrashReport build(List<Path> logFiles, long tailBytes, String header, Instant now) {
        StringBuilder text = new StringBuilder(header);
        List<String> notes = new ArrayList<>();
        int logs = 0;
        for (Path file : logFiles) {
            try {
                if (isCoreDump(file)) {
                    notes.add("skipped " + file + ": a core dump (list core dumps in core-dump)");
                    continue;
                }
                long size = Files.size(file);
                String tail = tail(file, size, tailBytes);
                text.append("\n==> ").append(file).append(" (last ").append(Values.bytes(Math.min(size, tailBytes)))
                        .append(" of ").append(Values.bytes(size)).append(") <==\n").append(Scrubber.text(tail));
                logs++;
            } catch (IOException e) {
                notes.add(file + ": " + Values.why(e));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(Scrubber.text(text.toString()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return new CrashReport("pagekite-report-" + STAMP.format(now) + ".txt.gz", bytes.toByteArray(), logs, notes);
    }

    /** The last {@code max} bytes, from the first whole line; invalid UTF-8 becomes U+FFFD. */
    private static String tail(Path file, long size, long max) throws IOException {
        long from = Math.max(0, size - max);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - from, Integer.MAX_VALUE - 8));
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            ch.position(from);
            while (buffer.hasRemaining() && ch.read(buffer) > 0) {
                // fill
            }
        }
        buffer.flip();
        int start = 0;
        if (from > 0) {
            while (start < buffer.limit() && buffer.get(start) != '\n') {
                start++;
            }
            start = Math.min(start + 1, buffer.limit());
        }
        buffer.position(start);
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(buffer).toString();
    }

    /** An ELF file of type ET_CORE: what a crashed process leaves. */
    static boolean isCoreDump(Path file) throws IOException {
        byte[] head = new byte[18];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) < head.length) {
                return false;
            }
        }
        if (head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
            return false;
        }
        boolean little = head[5] == 1;
        int type = little ? (head[16] & 0xff) | (head[17] & 0xff) << 8 : (head[17] & 0xff) | (head[16] & 0xff) << 8;
        return type == 4;
    }

    /** Keeps the report in {@code <state>/reports/}, with the {@link #KEEP} newest before it. */
    Path keep(Path stateFolder) {
        Path folder = stateFolder.resolve(FOLDER);
        Path file = folder.resolve(name);
        AtomicFiles.write(file, gzip);
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "pagekite-report-*.txt.gz")) {
            dir.forEach(all::add);
        } catch (IOException e) {
            return file;
        }
        all.sort(Comparator.comparing(Path::toString).reversed());
        for (Path old : all.subList(Math.min(KEEP, all.size()), all.size())) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                // the next report tries again
            }
        }
        return file;
    }

    /**
     * POSTs the report, and {@code cores} gzipped, as multipart/form-data; returns why it failed, if it did.
     * Core dumps are compressed to temporary files in {@code work} first: they may be far bigger than the heap.
     * {@code sent} counts the bytes of the body handed to the connection, so that the caller knows whether the
     * receiver may have had any of it, whatever the outcome.
     */
    Optional<String> upload(URI url, List<Path> cores, Path work, AtomicLong sent) throws InterruptedException {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        String boundary = "----promise-monitor-" + HexFormat.of().formatHex(random);
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        List<Path> temporary = new ArrayList<>();
        try {
            parts.add(HttpRequest.BodyPublishers.ofByteArray(partHeader(boundary, "report", name)));
            parts.add(HttpRequest.BodyPublishers.ofByteArray(gzip));
            for (Path core : cores) {
                Path gz = Files.createTempFile(work, ".core-", ".gz");
                temporary.add(gz);
                try (InputStream in = Files.newInputStream(core);
                        OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
                    in.transferTo(out);
                }
                parts.add(HttpRequest.BodyPublishers.ofByteArray(partHeader(boundary, "core",
                        core.getFileName() + ".gz")));
                parts.add(HttpRequest.BodyPublishers.ofFile(gz));
            }
            parts.add(HttpRequest.BodyPublishers.ofByteArray(("\r\n--" + boundary + "--\r\n")
                    .getBytes(StandardCharsets.UTF_8)));
            HttpRequest request = HttpRequest.newBuilder(url).timeout(UPLOAD_TIMEOUT)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("User-Agent", "promise-monitor pagekite watchdog")
                    .POST(counted(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)),
                            sent))
                    .build();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            HttpResponse<Void> answer = client.send(request, HttpResponse.BodyHandlers.discarding());
            int code = answer.statusCode();
            return code / 100 == 2 ? Optional.empty() : Optional.of("HTTP " + code + " from "
                    + PageKitePromise.shown(url));
        } catch (IOException e) {
            String m = e.getMessage();
            return Optional.of((m == null || m.isBlank() ? e.getClass().getSimpleName() : Values.cut(m, 300))
                    + " (" + PageKitePromise.shown(url) + ")");
        } finally {
            for (Path t : temporary) {
                try {
                    Files.deleteIfExists(t);
                } catch (IOException ignored) {
                    // a stray temporary file in the state folder is harmless
                }
            }
        }
    }

    private static HttpRequest.BodyPublisher counted(HttpRequest.BodyPublisher body, AtomicLong sent) {
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return body.contentLength();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> to) {
                body.subscribe(new Flow.Subscriber<ByteBuffer>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        to.onSubscribe(subscription);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        sent.addAndGet(item.remaining());
                        to.onNext(item);
                    }

                    @Override
                    public void onError(Throwable error) {
                        to.onError(error);
                    }

                    @Override
                    public void onComplete() {
                        to.onComplete();
                    }
                });
            }
        };
    }

    private static byte[] partHeader(String boundary, String field, String filename) {
        // the first part has no CRLF before its boundary; later ones end the previous part with it
        String lead = field.equals("report") ? "" : "\r\n";
        return (lead + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + filename.replace("\"", "") + "\"\r\nContent-Type: application/gzip\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The files a {@code log} or {@code core-dump} item names: a path, or a glob in its last part. */
    static List<Path> expand(Path root, String item) throws IOException {
        Path path = root.resolve(item).normalize();
        String last = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!last.contains("*") && !last.contains("?") && !last.contains("[")) {
            return List.of(path);
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(path.getParent(), last)) {
            for (Path p : dir) {
                if (Files.isRegularFile(p)) {
                    found.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        found.sort(null);
        return found;
    }
}
