package dev.stagegraph.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs jcstress ({@code org.openjdk.jcstress.Main}) with the given arguments, printing its output
 * as usual, and exits with status 1 unless its summary says no test failed or erred: jcstress
 * itself exits 0 whatever it found, which would let a forbidden outcome pass the build.
 */
public final class JcstressGate {
    private JcstressGate() {}

    /**
     * Runs jcstress.
     *
     * @param args jcstress's own arguments
     * @throws Exception whatever jcstress threw
     */
    public static void main(String[] args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                copy.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        try {
            org.openjdk.jcstress.Main.main(args);
        } finally {
            System.setOut(original);
        }
        String out = copy.toString(StandardCharsets.UTF_8);
        boolean clean = out.contains("Failed tests: No matches.") && out.contains("Error tests: No matches.");
        if (!clean) {
            original.println("jcstress found failed or erred tests (or printed no summary): see above");
            System.exit(1);
        }
        System.exit(0);
    }
}
