package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sequential runner without timing takes its plain per-frame step
 * ({@link StageWorker#processPlain}) for most stages; every promise must hold there as with
 * timing. So: every promise test that runs on both runners runs again on
 * {@code SequentialRunner.create(false)}, and on random graphs whose stages fail or give no
 * result (skip-frame and restart, with replicas) the untimed run's outcomes and counts equal the
 * timed run's, frame by frame.
 */
class UntimedSequentialTest {
    /** The promise tests parameterised by runner ({@code TestRunners#both}); observability is about timing, so it is left out. */
    private static final List<Class<?>> PROMISES = List.of(AccountingPromisesTest.class, ErrorPolicyTest.class, LifecycleTest.class,
            NoResultTest.class, OutcomeDeliveryTest.class, OwnershipTest.class, RestartPolicyTest.class, ResultsTest.class,
            StageFeaturesTest.class, WatchdogTest.class);

    @TestFactory
    List<DynamicTest> everyPromiseOfBothRunners_holdsForTheUntimedSequentialRunner() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<?> type : PROMISES) {
            for (Method m : type.getDeclaredMethods()) {
                MethodSource source = m.getAnnotation(MethodSource.class);
                if (source == null || !List.of(source.value()).contains("dev.stagegraph.runtime.TestRunners#both")
                        || m.getParameterCount() != 1 || m.getParameterTypes()[0] != Runner.class) {
                    continue;
                }
                m.setAccessible(true);
                tests.add(DynamicTest.dynamicTest(type.getSimpleName() + "." + m.getName(), () -> invoke(type, m)));
            }
        }
        assertTrue(tests.size() >= 20, "found only " + tests.size() + " promise tests: did their runner source move?");
        return tests;
    }

    private static void invoke(Class<?> type, Method m) throws Throwable {
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        try {
            m.invoke(constructor.newInstance(), SequentialRunner.create(false));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void untimedEqualsTimed_onRandomGraphsWithFailuresAndNoResults() throws Exception {
        SplittableRandom seeds = new SplittableRandom(0x0B1A_5EEDL);
        for (int i = 0; i < 120; i++) {
            long seed = seeds.nextLong();
            ErrorPolicy policy = i % 2 == 0 ? ErrorPolicy.skipFrame() : ErrorPolicy.restart(1_000, Duration.ofMinutes(1));
            Pipeline<Long, Long> p = RandomDag.generate(seed, i % 3 != 0, i % 4 == 0 ? 0 : 2 + Math.floorMod(seed, 30), policy);
            List<Long> input = LongStream.range(0, 150).map(f -> RandomDag.mix(seed, f)).boxed().toList();
            TestRunners.RecordingSink<Long, Long> timed = new TestRunners.RecordingSink<>();
            TestRunners.RecordingSink<Long, Long> untimed = new TestRunners.RecordingSink<>();
            RunReport expected = SequentialRunner.create(true).run(p, FrameSource.of(input), timed);
            RunReport actual = SequentialRunner.create(false).run(p, FrameSource.of(input), untimed);
            String where = "seed " + seed + " under " + policy + ", " + p.stages();
            assertEquals(timed.frames, untimed.frames, "frames, " + where);
            assertEquals(timed.results, untimed.results, "results, " + where);
            assertEquals(timed.failedFrames, untimed.failedFrames, "failed frames, " + where);
            assertEquals(expected.completed(), actual.completed(), where);
            assertEquals(expected.failed(), actual.failed(), where);
            assertEquals(expected.framesIn(), actual.framesIn(), where);
            for (int s = 0; s < expected.stages().size(); s++) {
                var e = expected.stages().get(s);
                var a = actual.stages().get(s);
                assertEquals(e.calls(), a.calls(), "calls of " + e.name() + ", " + where);
                assertEquals(e.replicaReports().stream().mapToInt(r -> r.restarts()).sum(),
                        a.replicaReports().stream().mapToInt(r -> r.restarts()).sum(),
                        "restarts of " + e.name() + ", " + where);
            }
            assertFalse(actual.stages().stream().anyMatch(st -> st.busyNanos() != 0), "no timing without timing, " + where);
        }
    }
}
