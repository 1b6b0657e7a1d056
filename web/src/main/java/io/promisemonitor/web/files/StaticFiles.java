package io.promisemonitor.web.files;

import io.promisemonitor.web.http.Answers;
import io.promisemonitor.web.http.BrowserSafety;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.DateUtils;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Serves one folder at one mount: GET and HEAD, with ETag and Last-Modified (and 304 answers), gzip for text,
 * single byte ranges, {@code index.html} for a folder, a listing only when configured. Paths go through a
 * {@link PathGuard}. Small files are answered from memory on the I/O thread; the rest on a worker thread.
 */
public final class StaticFiles implements HttpHandler {

    /** Smaller files gain nothing from gzip. */
    static final int MIN_GZIP = 256;

    private final String mount;
    private final PathGuard guard;
    private final FileCache cache;
    private final boolean listing;
    private final BrowserSafety safety;

    /**
     * @param mount the request path prefix, ending with a slash ({@code /public/}, or {@code /} for the web folder)
     */
    public StaticFiles(String mount, PathGuard guard, boolean listing, BrowserSafety safety) {
        this(mount, guard, listing, safety, new FileCache(512 * 1024, 8L * 1024 * 1024));
    }

    StaticFiles(String mount, PathGuard guard, boolean listing, BrowserSafety safety, FileCache cache) {
        this.mount = mount;
        this.guard = guard;
        this.listing = listing;
        this.safety = safety;
        this.cache = cache;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        String path = ex.getRequestPath();
        if (path.length() == mount.length() - 1) {
            // "/public": the folder without its slash
            redirectToFolder(ex, path);
            return;
        }
        String relative = path.substring(mount.length());
        PathGuard.Resolved r = guard.resolve(relative);
        switch (r.kind()) {
            case BAD_REQUEST:
                Answers.text(ex, 400, "bad path: " + r.reason());
                return;
            case NOT_FOUND:
                Answers.text(ex, 404, "not found");
                return;
            case DIRECTORY:
                if (!relative.isEmpty() && !relative.endsWith("/")) {
                    redirectToFolder(ex, path);
                    return;
                }
                PathGuard.Resolved index = guard.resolve(relative + "index.html");
                if (index.kind() == PathGuard.Kind.FILE) {
                    serve(ex, index.path(), index.attributes());
                } else if (listing) {
                    if (ex.isInIoThread()) {
                        ex.dispatch(this);
                        return;
                    }
                    list(ex, r.path());
                } else {
                    Answers.text(ex, 404, "not found (folder listing is off)");
                }
                return;
            default:
                if (relative.endsWith("/")) {
                    Answers.text(ex, 404, "not found");
                    return;
                }
                serve(ex, r.path(), r.attributes());
        }
    }

    private static void redirectToFolder(HttpServerExchange ex, String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        ex.setStatusCode(301);
        ex.getResponseHeaders().put(Headers.LOCATION, last + "/");
        ex.endExchange();
    }

    private void serve(HttpServerExchange ex, Path file, BasicFileAttributes attributes) throws IOException {
        FileCache.Entry entry = null;
        if (cache.fits(attributes.size())) {
            entry = cache.get(file, attributes);
            if (entry == null) {
                if (ex.isInIoThread()) {
                    // reading a file from disk is not for the I/O thread
                    ex.dispatch(this);
                    return;
                }
                entry = cache.load(file);
                if (entry == null) {
                    Answers.text(ex, 404, "not found");
                    return;
                }
            }
            attributes = entry.attributes;
        }
        Validators v = entry != null ? entry.validators : Validators.of(file, attributes);
        // large files are sent as they are: gzip only from memory
        boolean compressible = v.compressible() && entry != null;
        HeaderMap response = ex.getResponseHeaders();
        response.put(Headers.CONTENT_TYPE, v.type());
        response.put(Headers.CACHE_CONTROL, "no-cache");
        response.put(Headers.ACCEPT_RANGES, "bytes");
        response.put(Headers.LAST_MODIFIED, v.lastModified());
        if (v.html()) {
            safety.html(ex);
        }
        if (compressible) {
            response.add(Headers.VARY, "Accept-Encoding");
        }
        String etag = v.etag();
        String gzipEtag = v.gzipEtag();
        long modified = v.modified();
        HeaderMap request = ex.getRequestHeaders();
        String rangeHeader = request.getFirst(Headers.RANGE);
        boolean gzip = compressible && rangeHeader == null && acceptsGzip(request.getFirst(Headers.ACCEPT_ENCODING));
        response.put(Headers.ETAG, gzip ? gzipEtag : etag);
        if (notModified(request, etag, gzipEtag, modified)) {
            ex.setStatusCode(304);
            ex.endExchange();
            return;
        }
        long size = attributes.size();
        long[] range = rangeHeader == null ? null : Ranges.parse(rangeHeader, request.getFirst(Headers.IF_RANGE),
                etag, modified, size);
        if (range == Ranges.UNSATISFIABLE) {
            response.remove(Headers.ETAG);
            Answers.text(ex, 416, "range not satisfiable", "Content-Range", "bytes */" + size);
            return;
        }
        long start = range == null ? 0 : range[0];
        long length = range == null ? size : range[1] - range[0] + 1;
        if (range != null) {
            ex.setStatusCode(206);
            response.put(Headers.CONTENT_RANGE, "bytes " + range[0] + "-" + range[1] + "/" + size);
        }
        boolean head = ex.getRequestMethod().equals(Methods.HEAD);
        if (entry != null) {
            ByteBuffer body;
            if (gzip) {
                body = entry.gzip();
                response.put(Headers.CONTENT_ENCODING, "gzip");
            } else {
                body = entry.content();
                body.position((int) start).limit((int) (start + length));
            }
            response.put(Headers.CONTENT_LENGTH, body.remaining());
            if (head) {
                ex.endExchange();
            } else {
                ex.getResponseSender().send(body);
            }
            return;
        }
        response.put(Headers.CONTENT_LENGTH, length);
        if (head) {
            ex.endExchange();
            return;
        }
        if (ex.isInIoThread()) {
            ex.dispatch(exchange -> copy(exchange, file, start, length));
            return;
        }
        copy(ex, file, start, length);
    }

    /** A large file, copied on a worker thread; a slow reader holds that thread until the write timeout. */
    private static void copy(HttpServerExchange ex, Path file, long start, long length) throws IOException {
        ex.startBlocking();
        // the path was checked by PathGuard: a link swapped in at its end since then is not followed
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                OutputStream out = ex.getOutputStream()) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            long position = start;
            long left = length;
            while (left > 0) {
                buffer.clear();
                if (left < buffer.capacity()) {
                    buffer.limit((int) left);
                }
                int n = channel.read(buffer, position);
                if (n < 0) {
                    break; // the file shrank: the connection is closed short, as the length promised more
                }
                out.write(buffer.array(), 0, n);
                position += n;
                left -= n;
            }
        }
    }

    private static boolean notModified(HeaderMap request, String etag, String gzipEtag, long modified) {
        String ifNoneMatch = request.getFirst(Headers.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.strip();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.equals(etag) || t.equals(gzipEtag)) {
                    return true;
                }
            }
            return false;
        }
        String since = request.getFirst(Headers.IF_MODIFIED_SINCE);
        if (since != null) {
            Date date = DateUtils.parseDate(since);
            return date != null && modified / 1000 <= date.getTime() / 1000;
        }
        return false;
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.split(";");
            String coding = pieces[0].strip();
            if (coding.equalsIgnoreCase("gzip") || coding.equals("*")) {
                for (int i = 1; i < pieces.length; i++) {
                    String p = pieces[i].strip().replace(" ", "");
                    if (p.equals("q=0") || p.matches("q=0\\.0*")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private void list(HttpServerExchange ex, Path folder) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".")) {
                    names.add(Files.isDirectory(p) ? n + "/" : n);
                }
            }
        }
        names.sort(null);
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<meta charset=\"utf-8\">\n<title>Index</title>\n<ul>\n");
        for (String n : names) {
            String href = io.promisemonitor.core.publish.UrlLayout.segment(n.endsWith("/")
                    ? n.substring(0, n.length() - 1) : n) + (n.endsWith("/") ? "/" : "");
            html.append("<li><a href=\"").append(href).append("\">").append(escape(n)).append("</a></li>\n");
        }
        html.append("</ul>\n");
        safety.html(ex);
        Answers.send(ex, 200, "text/html; charset=utf-8", html.toString());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
