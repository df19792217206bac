package dev.resque.containers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/** What the shop's jobs did, by the id each was given: the tests count the runs of every job they enqueued. */
@Component
public class JobRuns {

	private final Map<String, Integer> runs = new ConcurrentHashMap<>();

	void ran(String id) {
		this.runs.merge(id, 1, Integer::sum);
	}

	/** How often the job with this id ran. */
	public int of(String id) {
		return this.runs.getOrDefault(id, 0);
	}

	/** The runs of the jobs whose id starts with the prefix. */
	public Map<String, Integer> startingWith(String prefix) {
		return Map.copyOf(this.runs.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(prefix))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
	}

}
