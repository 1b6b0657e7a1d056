package io.promisemonitor.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticRowsTest {

    /** {@code bad} lines that are not OK (rank 5, ERROR), then {@code ok} OK ones, as PageModels sorts them. */
    private static List<PageModels.Line> lines(int bad, int ok) {
        List<PageModels.Line> lines = new ArrayList<>();
        for (int i = 0; i < bad + ok; i++) {
            boolean isBad = i < bad;
            lines.add(new PageModels.Line(null, isBad ? 5 : 0, false, isBad ? "ERROR" : "OK", null, new String[4]));
        }
        return lines;
    }

    @Test
    void theIndexListsTwoHundredRowsOrEveryBadOneUpToAThousand() {
        assertThat(PageModels.staticRows(lines(0, 0))).isZero();
        assertThat(PageModels.staticRows(lines(3, 150))).as("few services: all of them").isEqualTo(153);
        assertThat(PageModels.staticRows(lines(30, 9970))).isEqualTo(200);
        assertThat(PageModels.staticRows(lines(700, 9300))).as("every bad one").isEqualTo(700);
        assertThat(PageModels.staticRows(lines(5000, 5000))).as("at most a thousand").isEqualTo(1000);
    }

    @Test
    void aStaleOkServiceCountsAsBad() {
        List<PageModels.Line> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add(new PageModels.Line(null, 4, true, "OK", null, new String[4]));
        }
        lines.addAll(lines(0, 100));
        assertThat(PageModels.staticRows(lines)).isEqualTo(300);
    }
}
