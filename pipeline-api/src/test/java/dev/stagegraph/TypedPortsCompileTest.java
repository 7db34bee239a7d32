package dev.stagegraph;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * javac checks every edge: each wiring is compiled twice, once right (it must compile) and once
 * wrong (it must not): one-input stages, joins of two, three and four ports, inline maps, optional
 * inputs, and sinks (a lambda in the old three-argument shape, which could drop failures, no longer
 * compiles).
 */
class TypedPortsCompileTest {

    private static final String TEMPLATE = """
            import dev.stagegraph.*;
            import java.util.Optional;
            class Wiring {
                record Detections(int count) {}
                static final class Detector implements Stage<String, Detections> {
                    public Detections process(String frame, FrameContext f) { return new Detections(frame.length()); }
                }
                static final class Classifier implements Stage<Detections, String> {
                    public String process(Detections d, FrameContext f) { return "c" + d.count(); }
                }
                static final class Tracker implements Stage<Optional<Detections>, String> {
                    public String process(Optional<Detections> d, FrameContext f) { return d.isPresent() ? "seen" : "aged"; }
                }
                static final class Three implements Join3Stage<Detections, String, Integer, String> {
                    public String process(Detections d, String s, Integer n, FrameContext f) { return s + n + d; }
                }
                static final class Four implements Join4Stage<Detections, String, Integer, String, String> {
                    public String process(Detections d, String s, Integer n, String t, FrameContext f) { return s + n + d + t; }
                }
                static Pipeline<String, String> build() {
                    PipelineBuilder<String> b = Pipeline.builder("w");
                    Port<Detections> detections = b.stage("detector", b.source(), Detector::new);
                    Port<String> labels = b.stage("classifier", detections, Classifier::new);
                    Port<Integer> counts = b.map("count", detections, Detections::count);
                    Port<String> out = %s;
                    FrameSink<String, String> sink = %s;
                    return b.build(out);
                }
            }
            """;

    private static boolean compiles(String source, StringWriter diagnostics) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Wiring.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        Path out = Files.createTempDirectory("wiring");
        List<String> options = List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"));
        return javac.getTask(diagnostics, null, null, options, null, List.of(file)).call();
    }

    private static final String SINK = "o -> System.out.println(o.kind())";
    private static final String EDGE = "b.stage(\"c2\", detections, Classifier::new)";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "one-input stage | b.stage(\"c2\", detections, Classifier::new) | b.stage(\"c2\", b.source(), Classifier::new)",
        "join of three | b.join(\"j\", detections, labels, counts, Three::new, StageOptions.defaults())"
                + " | b.join(\"j\", labels, detections, counts, Three::new, StageOptions.defaults())",
        "join of four | b.join(\"j\", detections, labels, counts, labels, Four::new, StageOptions.defaults())"
                + " | b.join(\"j\", detections, labels, labels, counts, Four::new, StageOptions.defaults())",
        "inline map | b.map(\"m\", counts, n -> \"n\" + Math.abs(n))"
                + " | b.map(\"m\", labels, n -> \"n\" + Math.abs(n))",
        "optional input | b.stage(\"t\", detections.optional(), Tracker::new) | b.stage(\"t\", detections, Tracker::new)",
    })
    void rightEdgeCompiles_wrongEdgeDoesNot(String what, String right, String wrong) throws Exception {
        StringWriter ok = new StringWriter();
        assertTrue(compiles(TEMPLATE.formatted(right, SINK), ok), what + ": " + ok);
        StringWriter bad = new StringWriter();
        assertFalse(compiles(TEMPLATE.formatted(wrong, SINK), bad), what + ": the wrong wiring compiled: " + wrong);
        assertTrue(bad.toString().contains("Wiring.java"), bad.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a sink of outcomes | o -> System.out.println(o.result()) | (frame, input, result) -> System.out.println(result)",
        "a sink of outcomes, with failures | o -> System.out.println(o.failure()) | (frame, input, result) -> {}",
    })
    void sinkLambdasTakeEveryOutcome(String what, String right, String wrong) throws Exception {
        StringWriter ok = new StringWriter();
        assertTrue(compiles(TEMPLATE.formatted(EDGE, right), ok), what + ": " + ok);
        StringWriter bad = new StringWriter();
        assertFalse(compiles(TEMPLATE.formatted(EDGE, wrong), bad), what + ": a result-only sink lambda compiled: " + wrong);
    }
}
