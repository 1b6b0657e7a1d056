package io.promisemonitor.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.testing.SchemaCheck;
import io.promisemonitor.core.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HalJsonTest {

    @TempDir
    Path instance;

    private MonitorConfig config;

    @BeforeEach
    void setUp() {
        config = TestConfigs.monitor(instance).title("KVM Monitoring interface")
                .monitorUrls("https://other.example/monitor", "https://third.example/").build();
    }

    @Test
    void theDocumentListsTheServicesSortedByIdWithHrefsRelativeToTheWebRoot() throws IOException {
        ServiceConfig kvm = TestConfigs.service(config, "kvm-log-parse").title("KVM log parse")
                .privatePaths(instance.resolve("var/kvm/interface")).build();
        ServiceConfig disk = TestConfigs.service(config, "disk space").title("Disk").build();

        assertThat(HalJson.write(config, List.of(kvm, disk))).isTrue();

        assertThat(Files.readString(instance.resolve("srv/monitor/web/monitor.haljson"))).isEqualTo("""
                {
                  "title": "KVM Monitoring interface",
                  "_links": {
                    "self": {
                      "href": "monitor.haljson"
                    },
                    "related_monitor": [
                      {
                        "href": "https://other.example/monitor/"
                      },
                      {
                        "href": "https://third.example/"
                      }
                    ],
                    "rss": {
                      "href": "monitor.rss"
                    }
                  },
                  "_embedded": {
                    "service": [
                      {
                        "id": "disk space",
                        "title": "Disk",
                        "_links": {
                          "status": {
                            "href": "public/disk%20space.status.json"
                          },
                          "interface": {
                            "href": "private/disk%20space/"
                          }
                        }
                      },
                      {
                        "id": "kvm-log-parse",
                        "title": "KVM log parse",
                        "_links": {
                          "status": {
                            "href": "public/kvm-log-parse.status.json"
                          },
                          "interface": {
                            "href": "private/kvm-log-parse/interface/"
                          }
                        }
                      }
                    ]
                  }
                }
                """);
        SchemaCheck.assertValid(Schemas.HALJSON, config.monitorHalJson());
    }

    @Test
    void aMonitorWithoutServicesOrRelatedMonitorsIsStillValid() {
        HalJson.write(TestConfigs.monitorConfig(instance), List.of());

        SchemaCheck.assertValid(Schemas.HALJSON, config.monitorHalJson());
    }

    @Test
    void theSameServicesInAnotherOrderLeaveTheFileUntouched() throws IOException {
        ServiceConfig a = TestConfigs.service(config, "a").build();
        ServiceConfig b = TestConfigs.service(config, "b").build();
        HalJson.write(config, List.of(a, b));
        Path file = config.monitorHalJson();
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        Object inode = Files.readAttributes(file, "unix:ino").get("ino");

        boolean written = HalJson.write(config, List.of(b, a));

        assertThat(written).isFalse();
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(FileTime.fromMillis(0));
        assertThat(Files.readAttributes(file, "unix:ino").get("ino")).isEqualTo(inode);
    }

    @Test
    void anAddedServiceRewritesTheFile() throws IOException {
        HalJson.write(config, List.of(TestConfigs.service(config, "a").build()));

        boolean written = HalJson.write(config, List.of(TestConfigs.service(config, "a").build(),
                TestConfigs.service(config, "b").build()));

        assertThat(written).isTrue();
        assertThat(Files.readString(config.monitorHalJson())).contains("\"id\": \"b\"");
    }

    @Test
    void inThePublicFolderAsSlapOsPutItTheHrefsLeadBackToTheWebRoot() throws IOException {
        io.promisemonitor.core.testing.TestInstance slapos = io.promisemonitor.core.testing.TestInstance.create(
                instance.resolve("slapos"), "monitor-hal-json = $instance/srv/monitor/public/monitor.hal.json");
        MonitorConfig monitor = slapos.monitor();
        ServiceConfig disk = TestConfigs.service(monitor, "disk").build();

        com.fasterxml.jackson.databind.JsonNode hal = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(HalJson.render(monitor, List.of(disk)));

        assertThat(hal.at("/_links/self/href").asText()).isEqualTo("monitor.hal.json");
        assertThat(hal.at("/_links/rss/href").asText()).isEqualTo("../monitor.rss");
        assertThat(hal.at("/_embedded/service/0/_links/status/href").asText()).isEqualTo("../public/disk.status.json");
        assertThat(hal.at("/_embedded/service/0/_links/interface/href").asText()).isEqualTo("../private/disk/");
    }

    @Test
    void outsideTheServedFoldersTheHrefsAreAbsoluteFromBaseUrl() throws IOException {
        io.promisemonitor.core.testing.TestInstance other = io.promisemonitor.core.testing.TestInstance.create(
                instance.resolve("other"), "monitor-hal-json = $instance/var/hal/monitor.haljson",
                "base-url = https://monitor.example/kvm");
        MonitorConfig monitor = other.monitor();

        com.fasterxml.jackson.databind.JsonNode hal = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(HalJson.render(monitor, List.of(TestConfigs.service(monitor, "disk").build())));

        assertThat(hal.at("/_embedded/service/0/_links/status/href").asText())
                .isEqualTo("https://monitor.example/kvm/public/disk.status.json");
        assertThat(hal.at("/_links/rss/href").asText()).isEqualTo("https://monitor.example/kvm/monitor.rss");
    }
}
