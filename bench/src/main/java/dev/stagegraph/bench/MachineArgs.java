package dev.stagegraph.bench;

/**
 * The {@code [--frames N] [--machine]} flags of the comparisons {@link FlinkQuick} runs in a child
 * JVM: frames per source, and whether to print one machine-readable line per result.
 *
 * @param frames the frames per source
 * @param machine whether to print the lines {@link FlinkQuick} parses instead of the table
 */
record MachineArgs(int frames, boolean machine) {
    /**
     * Reads the flags, {@code frames} being {@code defaultFrames} unless given.
     *
     * @param args the command's arguments
     * @param defaultFrames the frames per source without {@code --frames}
     * @param command the command's name, for the usage line
     * @return the flags, or {@code null} after printing the usage line to stderr if an argument is unknown
     * @throws NumberFormatException if {@code --frames} is not followed by a number
     */
    static MachineArgs parse(String[] args, int defaultFrames, String command) {
        int frames = defaultFrames;
        boolean machine = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--frames") && i + 1 < args.length) {
                frames = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--machine")) {
                machine = true;
            } else {
                System.err.println("usage: " + command + " [--frames N] [--machine]");
                return null;
            }
        }
        return new MachineArgs(frames, machine);
    }
}
