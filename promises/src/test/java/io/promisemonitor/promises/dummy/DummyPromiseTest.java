package io.promisemonitor.promises.dummy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promisemonitor.core.promise.PromiseOptions;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.PromiseResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DummyPromiseTest {

    private final PromiseRegistry registry = PromiseRegistry.fromClassPath();

    @Test
    void isFoundByTheServiceLoaderAndAnswersWhatItIsTold() throws Exception {
        PromiseOptions options = new PromiseOptions("x.cfg [promise]",
                Map.of("status", List.of("warning"), "message", List.of("half full")));

        PromiseResult result = registry.create("dummy", options).check(null);

        assertThat(result).isEqualTo(PromiseResult.warning("half full"));
    }

    @Test
    void aBadStatusNamesTheOptionAndWhatIsAllowed() {
        PromiseOptions options = new PromiseOptions("x.cfg [promise]", Map.of("status", List.of("fine")));

        assertThatThrownBy(() -> registry.create("dummy", options))
                .hasMessage("x.cfg [promise]: option 'status' is 'fine', allowed: OK, WARNING, ERROR or UNKNOWN");
    }

    @Test
    void anUnknownOptionGetsADidYouMean() {
        PromiseOptions options = new PromiseOptions("x.cfg [promise]", Map.of("mesage", List.of("x")));

        assertThatThrownBy(() -> registry.create("dummy", options))
                .hasMessage("x.cfg [promise]: unknown option 'mesage'; did you mean 'message'?; allowed: message,"
                        + " status");
    }

    @Test
    void anUnknownBuiltInGetsADidYouMean() {
        assertThatThrownBy(() -> registry.create("dumy", PromiseOptions.empty("x.cfg [promise]")))
                .hasMessageStartingWith("x.cfg [promise]: unknown built-in promise 'dumy'; did you mean 'dummy'?;"
                        + " known: ");
    }
}
