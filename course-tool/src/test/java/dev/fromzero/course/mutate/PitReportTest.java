package dev.fromzero.course.mutate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.course.CourseException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading PIT's mutations.xml: the lines below are PIT 1.30.2's own output, trimmed. */
class PitReportTest {

    static final String REPORT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <mutations partial="true">
            <mutation detected='true' status='KILLED' numberOfTestsRun='22'><sourceFile>RecordCodec.java</sourceFile><mutatedClass>dev.fromzero.kv.log.RecordCodec</mutatedClass><mutatedMethod>checkHeader</mutatedMethod><methodDescription>(Ldev/fromzero/kv/log/RecordType;ZII)Ljava/lang/String;</methodDescription><lineNumber>197</lineNumber><mutator>org.pitest.mutationtest.engine.gregor.mutators.ConditionalsBoundaryMutator</mutator><indexes><index>14</index></indexes><blocks><block>2</block></blocks><killingTest>dev.fromzero.kv.log.RecordsTest.[engine:junit-jupiter]/[class:dev.fromzero.kv.log.RecordsTest]/[method:sizeLimitsAreEnforced()]</killingTest><description>changed conditional boundary</description></mutation>
            <mutation detected='false' status='SURVIVED' numberOfTestsRun='9'><sourceFile>LogReader.java</sourceFile><mutatedClass>dev.fromzero.kv.log.LogReader$Scan</mutatedClass><mutatedMethod>next</mutatedMethod><methodDescription>()Z</methodDescription><lineNumber>42</lineNumber><mutator>org.pitest.mutationtest.engine.gregor.mutators.returns.BooleanTrueReturnValsMutator</mutator><indexes><index>7</index></indexes><blocks><block>1</block></blocks><killingTest/><description>replaced boolean return with true for dev/fromzero/kv/log/LogReader$Scan::next</description></mutation>
            <mutation detected='true' status='TIMED_OUT' numberOfTestsRun='1'><sourceFile>Top.java</sourceFile><mutatedClass>Top</mutatedClass><mutatedMethod>loop</mutatedMethod><methodDescription>()V</methodDescription><lineNumber>3</lineNumber><mutator>org.pitest.mutationtest.engine.gregor.mutators.MathMutator</mutator><indexes><index>1</index></indexes><blocks><block>0</block></blocks><killingTest/><description>Replaced integer addition with subtraction</description></mutation>
            </mutations>
            """;

    private static List<Mutation> parse(String xml) {
        return PitReport.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "mutations.xml");
    }

    @Test
    @DisplayName("each mutant gets its source path from its class's package, nested classes included, and PIT's verdict")
    void readsEveryMutant() {
        assertThat(parse(REPORT)).containsExactly(
                new Mutation("dev/fromzero/kv/log/RecordCodec.java", "dev.fromzero.kv.log.RecordCodec", "checkHeader", 197,
                        "org.pitest.mutationtest.engine.gregor.mutators.ConditionalsBoundaryMutator",
                        "changed conditional boundary", "KILLED", true),
                new Mutation("dev/fromzero/kv/log/LogReader.java", "dev.fromzero.kv.log.LogReader$Scan", "next", 42,
                        "org.pitest.mutationtest.engine.gregor.mutators.returns.BooleanTrueReturnValsMutator",
                        "replaced boolean return with true for dev/fromzero/kv/log/LogReader$Scan::next", "SURVIVED", false),
                new Mutation("Top.java", "Top", "loop", 3, "org.pitest.mutationtest.engine.gregor.mutators.MathMutator",
                        "Replaced integer addition with subtraction", "TIMED_OUT", true));
        assertThat(parse(REPORT).get(1).mutatorName())
                .as("survivors are listed by the mutator's name in PIT's documentation, without its package")
                .isEqualTo("BooleanTrueReturnValsMutator");
    }

    @Test
    @DisplayName("a report PIT has not finished (cut anywhere, even inside a mutant) scores the mutants written whole")
    void readsAnUnfinishedReport(@TempDir Path dir) throws IOException {
        Path xml = dir.resolve("mutations.xml");
        Files.writeString(xml, REPORT.substring(0, REPORT.indexOf("<sourceFile>Top.java")));
        assertThat(PitReport.finished(xml)).as("no </mutations>: PIT is still running or was stopped").isFalse();
        assertThat(PitReport.read(xml)).extracting(Mutation::status).as("the third mutant is cut off: only the first two count").containsExactly("KILLED", "SURVIVED");
        Files.writeString(xml, REPORT.substring(0, REPORT.indexOf("<mutation ")));
        assertThat(PitReport.read(xml)).as("no mutant written yet").isEmpty();
        Files.writeString(xml, REPORT);
        assertThat(PitReport.finished(xml)).isTrue();
        assertThat(PitReport.read(xml)).hasSize(3);
        assertThatThrownBy(() -> PitReport.read(dir.resolve("none.xml")))
                .isInstanceOf(CourseException.class).hasMessageContaining("PIT wrote no report at");
    }

    @Test
    @DisplayName("a file that is not PIT's report is refused with the file and the mutant that is wrong")
    void refusesOtherFiles() {
        assertThatThrownBy(() -> parse("not xml at all"))
                .isInstanceOf(CourseException.class).hasMessageContaining("mutations.xml is not a PIT mutations report");
        assertThatThrownBy(() -> parse("<mutations><mutation><sourceFile>A.java</sourceFile></mutation></mutations>"))
                .isInstanceOf(CourseException.class).hasMessageContaining("mutations.xml: mutation 1 has no <mutatedClass>");
        assertThatThrownBy(() -> parse(REPORT.replace("<lineNumber>42<", "<lineNumber>x<")))
                .isInstanceOf(CourseException.class).hasMessageContaining("mutation 2 has line number 'x', not a number");
    }
}
