package dev.resque.core.observation;

import java.util.Map;

import io.micrometer.observation.transport.ReceiverContext;

/**
 * The observation of a job's processing ({@code resque.job.process}). A tracer's propagator reads the trace
 * context the enqueue put in the payload, so one trace spans the enqueue and the perform.
 */
public class JobProcessContext extends ReceiverContext<Map<String, String>> {

	public JobProcessContext(Map<String, String> traceHeaders) {
		super((carrier, key) -> (carrier != null) ? carrier.get(key) : null);
		setCarrier(traceHeaders);
		setRemoteServiceName("redis");
	}

}
