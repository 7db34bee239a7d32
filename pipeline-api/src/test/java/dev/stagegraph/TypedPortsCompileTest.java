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
import org.junit.jupiter.api.Test;

/** A wrong edge type does not compile: javac checks every edge. Proven by compiling both versions. */
class TypedPortsCompileTest {

    private static final String TEMPLATE = """
            import dev.stagegraph.*;
            class Wiring {
                record Detections(int count) {}
                static final class Detector implements Stage<String, Detections> {
                    public Detections process(String frame, long n) { return new Detections(frame.length()); }
                }
                static final class Classifier implements Stage<Detections, String> {
                    public String process(Detections d, long n) { return "c" + d.count(); }
                }
                static Pipeline<String, String> build() {
                    PipelineBuilder<String> b = Pipeline.builder("w");
                    Port<Detections> detections = b.stage("detector", b.source(), Detector::new);
                    Port<String> labels = b.stage("classifier", %s, Classifier::new);
                    return b.build(labels);
                }
            }
            """;

    private static boolean compiles(String edge, StringWriter diagnostics) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Wiring.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return TEMPLATE.formatted(edge);
            }
        };
        Path out = Files.createTempDirectory("wiring");
        List<String> options = List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"));
        return javac.getTask(diagnostics, null, null, options, null, List.of(file)).call();
    }

    @Test
    void rightEdgeCompiles_wrongEdgeDoesNot() throws Exception {
        StringWriter ok = new StringWriter();
        assertTrue(compiles("detections", ok), ok.toString());
        StringWriter wrong = new StringWriter();
        assertFalse(compiles("b.source()", wrong), "a String port wired into a Stage<Detections, ...> compiled");
        assertTrue(wrong.toString().contains("Wiring.java"), wrong.toString());
    }
}
