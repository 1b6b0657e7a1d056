package io.promisemonitor.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
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
}
