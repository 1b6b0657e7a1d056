package io.promisemonitor.web.files;

import io.undertow.util.DateUtils;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Date;

/** The header values of one version of one file, made once per version rather than once per request. */
record Validators(String type, boolean compressible, boolean html, String etag, String gzipEtag, long modified,
        String lastModified) {

    static Validators of(Path file, BasicFileAttributes a) {
        String type = ContentTypes.of(file.getFileName().toString());
        long modified = a.lastModifiedTime().toMillis();
        return new Validators(type, ContentTypes.compressible(type) && a.size() >= StaticFiles.MIN_GZIP,
                ContentTypes.isHtml(type), etag(a, false), etag(a, true), modified,
                DateUtils.toDateString(new Date(modified)));
    }

    /** Size, modification time and inode: any replacement of the file changes it. */
    static String etag(BasicFileAttributes a, boolean gzip) {
        Object key = a.fileKey();
        return "\"" + Long.toHexString(a.size()) + "-" + Long.toHexString(FileCache.nanos(a)) + "-"
                + Integer.toHexString(key == null ? 0 : key.hashCode()) + (gzip ? "-gz" : "") + "\"";
    }
}
