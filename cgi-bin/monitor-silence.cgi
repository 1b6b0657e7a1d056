#!/bin/sh
# monitor-silence.cgi: sets or ends a silence (maintenance) of a Promise Monitor instance, for sites served by
# Apache or nginx + fcgiwrap instead of the monitor's own web server.
#   POST monitor-silence.cgi?service=<name>[&service=<name>...]&for=2h[&reason=<text>]   (or all=1, until=22:30)
#   POST monitor-silence.cgi?end=<id>
# Parameters may also come as a form body. Protect it with HTTP authentication in the web server, as the rerun
# script: a request without REMOTE_USER is refused (unless MONITOR_CGI_ALLOW_ANONYMOUS=1).
# 'monitor install-cgi' copies this script into the instance's cgi-folder with the two values below filled in;
# the web server's environment (SetEnv, fastcgi_param) may set them instead.
MONITOR_INSTANCE="${MONITOR_INSTANCE:-}"
MONITOR_JAR="${MONITOR_JAR:-}"
if [ -z "$MONITOR_INSTANCE" ] || [ -z "$MONITOR_JAR" ]; then
  printf 'Status: 500 Internal Server Error\r\nContent-Type: application/json; charset=utf-8\r\n\r\n'
  printf '{"error":"the silence script is not configured; see the web server'\''s error log"}\n'
  echo "monitor-silence.cgi: set MONITOR_INSTANCE and MONITOR_JAR, or run 'monitor install-cgi'" >&2
  exit 0
fi
# A short-lived JVM: small heap, quick start.
exec "${MONITOR_JAVA:-java}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx64m -Xshare:auto \
  -cp "$MONITOR_JAR" io.promisemonitor.cgi.SilenceCgiMain "$MONITOR_INSTANCE"
