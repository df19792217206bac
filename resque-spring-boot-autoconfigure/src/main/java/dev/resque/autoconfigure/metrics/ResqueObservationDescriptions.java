package dev.resque.autoconfigure.metrics;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Describes the meters Micrometer's observation handler makes of Resque's observations: an observation has no
 * description to give them, and a meter without one shows none at {@code /actuator/metrics} nor in a scrape.
 */
final class ResqueObservationDescriptions implements MeterFilter {

	private static final Map<String, String> DESCRIPTIONS = Map.of(
			"resque.job.process", "Jobs processed by this instance's workers, by outcome and error",
			"resque.job.process.active", "Jobs this instance's workers are running now",
			"resque.job.enqueue", "Enqueues by this instance, by error",
			"resque.job.enqueue.active", "Enqueues by this instance under way");

	@Override
	public Meter.Id map(Meter.Id id) {
		String description = DESCRIPTIONS.get(id.getName());
		if (description == null || (id.getDescription() != null && !id.getDescription().isEmpty())) {
			return id;
		}
		return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
	}

}
