package dev.resque.fault;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.resque.core.job.ResqueJob;

/**
 * {@link RecordedJob} for workers in the test's own JVM, counting runs in memory: a job that used Redis itself
 * would wait out a Redis fault inside {@code perform}, and the worker's own calls would never meet the fault.
 */
@ResqueJob(name = "Recorded", queue = "q")
public class MemoryRecordedJob {

	final Map<String, Long> runs = new ConcurrentHashMap<>();

	public void perform(String id, long millis) throws InterruptedException {
		if (millis > 0) {
			Thread.sleep(millis);
		}
		this.runs.merge(id, 1L, Long::sum);
	}

}
