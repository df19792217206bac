package dev.resque.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/** How often each job id ran, counted in the application's memory. */
@Component
public class JobRuns {

	private final Map<String, Integer> runs = new ConcurrentHashMap<>();

	void ran(String id) {
		this.runs.merge(id, 1, Integer::sum);
	}

	public Map<String, Integer> all() {
		return Map.copyOf(this.runs);
	}

	public int count() {
		return this.runs.size();
	}

}
