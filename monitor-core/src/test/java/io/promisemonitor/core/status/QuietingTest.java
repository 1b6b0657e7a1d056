package io.promisemonitor.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.promise.Status;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuietingTest {

    private static final OffsetDateTime UNTIL = OffsetDateTime.parse("2026-12-04T23:00:00Z");

    @Test
    void isNoneAnswersAsTheRecordsComparisonWithNone() {
        List<Quieting> cases = List.of(
                Quieting.NONE,
                new Quieting(null, "ignored without an end", Status.OK, List.of(), null, Status.ERROR, false),
                new Quieting(UNTIL, "backup", Status.OK, List.of(), null, null, false),
                new Quieting(null, null, null, List.of("db"), null, null, false),
                new Quieting(null, null, null, List.of(), "2/3", Status.ERROR, false),
                new Quieting(null, null, null, List.of(), null, null, true));

        assertThat(cases).extracting(Quieting::isNone).containsExactly(true, true, false, false, false, false);
        assertThat(cases).allSatisfy(q -> assertThat(q.isNone()).isEqualTo(q.equals(Quieting.NONE)));
    }
}
