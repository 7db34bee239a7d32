package dev.stagegraph.runtime;

import dev.stagegraph.Execution;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.source.FrameSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for {@link ShutdownHookTest}: runs an endless pipeline until the JVM is told to stop.
 * With the argument {@code hung}, the tail stage hangs (deaf to interrupts) once the run is going,
 * so the hook's drain times out and it must abort.
 */
final class ShutdownHookMain {
    private ShutdownHookMain() {}

    public static void main(String[] args) throws Exception {
        boolean hung = args.length > 0 && args[0].equals("hung");
        PipelineBuilder<Long> b = Pipeline.builder("ctrl-c");
        Port<Long> work = b.stage("work", b.source(), () -> (in, frame) -> {
            TimeUnit.MILLISECONDS.sleep(2);
            return in;
        });
        Pipeline<Long, Long> pipeline = b.build(b.stage("tail", work, () -> (in, ctx) -> {
            long frame = ctx.number();
            if (hung && frame == 30) {
                while (true) {
                    Thread.onSpinWait();
                }
            }
            return in;
        }));
        FrameSource<Long> endless = reuse -> 1L;
        Execution<Long> run = ParallelRunner.create().start(pipeline, endless, TestRunners.results((frame, in, out) -> {
            if (frame == 20) {
                System.out.println("running");
                System.out.flush();
            }
        }));
        Duration drain = hung ? Duration.ofMillis(500) : Duration.ofSeconds(5);
        try (ShutdownHook hook = ShutdownHook.install(run, drain, r -> {
            System.out.print(r.toTable());
            System.out.println("accounted=" + (r.framesIn() == r.completed() + r.failed() + r.dropped() + r.aborted()));
            System.out.println("aborted=" + r.aborted());
            System.out.flush();
        })) {
            hook.await();
        }
    }
}
