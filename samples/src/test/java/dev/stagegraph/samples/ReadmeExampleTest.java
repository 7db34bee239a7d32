package dev.stagegraph.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The README's "A pipeline in Java" example is real code: this test takes the first Java block
 * under that heading from README.md, compiles it with {@code -Xlint:all -Werror} against the
 * project's classes and runs it, so the example cannot drift from the API.
 */
class ReadmeExampleTest {

    static String example() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## A pipeline in Java");
        assertTrue(section >= 0, "README.md has no '## A pipeline in Java' section");
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(section), "no ```java block under '## A pipeline in Java'");
        return m.group(1);
    }

    @Test
    void theReadmeExampleCompilesAndRuns() throws Exception {
        String source = example();
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(cls.find(), "the example declares a public class");
        String name = cls.group(1);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        Path out = Files.createTempDirectory("readme");
        StringWriter diagnostics = new StringWriter();
        List<String> options = List.of("-Xlint:all", "-Werror", "-d", out.toString(), "-classpath", System.getProperty("java.class.path"));
        assertTrue(javac.getTask(diagnostics, null, null, options, null, List.of(file)).call(), diagnostics.toString());

        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass(name).getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("pipeline 'quickstart' (parallel): 100 frames in, 100 completed"), text);
        assertTrue(text.contains("100 outcomes in frame order, 100 completed"), text);
        assertEquals(10, text.lines().filter(l -> l.endsWith(": RESULT") || l.matches("\\d+: NO_RESULT")).count(),
                "frames 0, 10, ..., 90 have no detector result: " + text);
    }
}
