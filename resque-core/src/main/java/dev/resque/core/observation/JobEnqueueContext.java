package dev.resque.core.observation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.transport.SenderContext;

import dev.resque.core.job.Job;

/**
 * The observation of an enqueue ({@code resque.job.enqueue}). A tracer's propagator writes the trace context
 * into its carrier, which travels in the payload's {@code "trace"} field.
 */
public class JobEnqueueContext extends SenderContext<Map<String, String>> {

	private final Job job;

	public JobEnqueueContext(Job job) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		this.job = job;
		setCarrier(new LinkedHashMap<>());
		setRemoteServiceName("redis");
	}

	public Job job() {
		return this.job;
	}

}
