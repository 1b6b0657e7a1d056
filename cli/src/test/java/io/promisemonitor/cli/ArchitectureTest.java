package io.promisemonitor.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md, checked on the compiled main classes of every module (test fixtures left out):
 * no package cycle, the plugin API depends on the JDK only, the core never reaches into the site, and
 * third-party libraries stay where the table says.
 */
class ArchitectureTest {

    private static final String[] SITE = {"io.promisemonitor.core.history..", "io.promisemonitor.core.feed..",
        "io.promisemonitor.core.render..", "io.promisemonitor.core.notify..", "io.promisemonitor.core.dashboard..",
        "io.promisemonitor.core.alert..", "io.promisemonitor.core.fleet.."};
    private static final String[] CORE = {"io.promisemonitor.core.config..", "io.promisemonitor.core.catalogue..", "io.promisemonitor.core.schedule..",
        "io.promisemonitor.core.run..", "io.promisemonitor.core.status..", "io.promisemonitor.core.publish..",
        "io.promisemonitor.core.executor..", "io.promisemonitor.core.io..", "io.promisemonitor.core.liveness..",
        "io.promisemonitor.core.heartbeat.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(mainOnly).importPackages("io.promisemonitor");
    }

    @Test
    void everyModuleIsImported() {
        for (String name : new String[] {"io.promisemonitor.core.promise.Promise",
            "io.promisemonitor.core.executor.PromiseExecutor", "io.promisemonitor.core.dashboard.Dashboard",
            "io.promisemonitor.promises.disk.DiskSpacePromise", "io.promisemonitor.cgi.CgiMain",
            "io.promisemonitor.web.MonitorServer", "io.promisemonitor.cli.Main"}) {
            assertThat(classes.contain(name)).as(name).isTrue();
        }
        assertThat(classes.stream().filter(c -> c.getPackageName().startsWith("io.promisemonitor.core.testing")))
                .as("test fixtures left out").isEmpty();
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("io.promisemonitor.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void thePluginApiNeedsOnlyTheJdk() {
        noClasses().that().resideInAPackage("io.promisemonitor.core.promise")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "io.promisemonitor.core.promise")
                .check(classes);
    }

    @Test
    void theCoreNeverReachesIntoTheSiteOrAboveIt() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage(concat(SITE, "io.promisemonitor.promises..",
                        "io.promisemonitor.cgi..", "io.promisemonitor.web..", "io.promisemonitor.cli.."))
                .check(classes);
    }

    @Test
    void handlebarsStaysInTheRenderer() {
        noClasses().that().resideOutsideOfPackage("io.promisemonitor.core.render")
                .should().dependOnClassesThat().resideInAPackage("com.github.jknack..")
                .check(classes);
    }

    @Test
    void jacksonStaysBehindTheJsonFacade() {
        noClasses().that().resideOutsideOfPackage("io.promisemonitor.core.io")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
                .check(classes);
    }

    @Test
    void cronUtilsStaysInTheSchedule() {
        noClasses().that().resideOutsideOfPackage("io.promisemonitor.core.schedule")
                .should().dependOnClassesThat().resideInAPackage("com.cronutils..")
                .check(classes);
    }

    @Test
    void builtInPromisesSeeNoSitePackage() {
        noClasses().that().resideInAPackage("io.promisemonitor.promises..")
                .should().dependOnClassesThat().resideInAnyPackage(SITE)
                .check(classes);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
