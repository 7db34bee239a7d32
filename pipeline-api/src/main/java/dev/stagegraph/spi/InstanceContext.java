package dev.stagegraph.spi;

import dev.stagegraph.Param;
import dev.stagegraph.StageContext;
import java.util.Map;

/**
 * The {@link StageContext} runners hand to {@code open}. Immutable.
 *
 * @param pipeline the pipeline's name
 * @param stage the stage's name
 * @param replica the instance's replica index
 * @param replicas the stage's replica count
 * @param params the run's bindings, as checked by {@link Param#check}
 */
public record InstanceContext(String pipeline, String stage, int replica, int replicas, Map<Param<?>, Object> params)
        implements StageContext {

    @Override
    public <T> T param(Param<T> key) {
        return key.from(params, stage);
    }
}
