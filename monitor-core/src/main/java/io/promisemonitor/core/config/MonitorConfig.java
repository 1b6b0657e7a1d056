package io.promisemonitor.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The instance-wide settings, read from {@code etc/monitor.conf} section {@code [monitor]}. */
public record MonitorConfig(
        Path instanceRoot,
        Path configFile,
        String title,
        Path monitorHalJson,
        Path publicFolder,
        Path privateFolder,
        Path webFolder,
        Path cgiFolder,
        Path servicePidFolder,
        Path promiseFolder,
        Path stateFolder,
        List<Path> publicPathList,
        List<Path> privatePathList,
        List<URI> monitorUrlList,
        Optional<URI> baseUrl,
        Settings settings) {

    public MonitorConfig {
        publicPathList = List.copyOf(publicPathList);
        privatePathList = List.copyOf(privatePathList);
        monitorUrlList = List.copyOf(monitorUrlList);
        Objects.requireNonNull(settings, "settings");
    }

    /** The configuration {@code settings} (read from {@code configFile}, or built in code) describe. */
    public static MonitorConfig of(Path instanceRoot, Path configFile, Settings s) {
        return new MonitorConfig(instanceRoot, configFile, s.get(MonitorKeys.TITLE),
                s.get(MonitorKeys.MONITOR_HAL_JSON), s.get(MonitorKeys.PUBLIC_FOLDER),
                s.get(MonitorKeys.PRIVATE_FOLDER), s.get(MonitorKeys.WEB_FOLDER),
                s.get(MonitorKeys.CGI_FOLDER), s.get(MonitorKeys.SERVICE_PID_FOLDER),
                s.get(MonitorKeys.PROMISE_FOLDER), s.get(MonitorKeys.STATE_FOLDER),
                s.get(MonitorKeys.PUBLIC_PATH_LIST), s.get(MonitorKeys.PRIVATE_PATH_LIST),
                s.get(MonitorKeys.MONITOR_URL_LIST), s.get(MonitorKeys.BASE_URL), s);
    }

    /**
     * Every folder services are read from, in order: promise-folder (when set), promise-folder-list,
     * monitor-promise-folder, [promises] legacy-promise-folder (promise-folder's default when none is set), then
     * {@code etc/promise} and {@code etc/monitor-promise} when they exist.
     */
    public List<Path> promiseFolders() {
        return MonitorKeys.promiseFolders(instanceRoot, settings);
    }

    /** A feature's own subfolder of the state folder: {@code history}, {@code log-offsets}, {@code rerun-spool}... */
    public Path stateFolder(String feature) {
        return stateFolder.resolve(feature);
    }

    /** {@code <state>/promise}, holding one state folder per service. */
    public Path promiseStateRoot() {
        return stateFolder("promise");
    }

    /** A service's own state folder, {@code <state>/promise/<service>}: what its built-in sees as its state. */
    public Path promiseStateFolder(String service) {
        return promiseStateRoot().resolve(service);
    }

    /** Histories and the inbox of watchdog actions, {@code <state>/history}. */
    public Path historyFolder() {
        return stateFolder("history");
    }

    /**
     * Where a process that has no dashboard (a built-in, {@code run-promise}, split mode) drops a watchdog action as a
     * JSON file for the dashboard's history to take in: {@code <state>/history/actions}.
     */
    public static Path actionInbox(Path historyFolder) {
        return historyFolder.resolve("actions");
    }
}
