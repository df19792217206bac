package dev.resque.core.queue;

import java.util.Arrays;
import java.util.List;

/**
 * A registered worker (a member of the {@code workers} set, {@code <name>:<queuesCsv>}).
 *
 * @param name the worker's name, {@code host:pid} or {@code host:pid+N}
 * @param queues the queues it works, in priority order ({@code *} for all)
 * @param id the registration as stored, {@code <name>:<queuesCsv>}
 */
public record WorkerRegistration(String name, List<String> queues, String id) {

	public WorkerRegistration {
		queues = List.copyOf(queues);
	}

	/**
	 * Parses a registration the way every Resque implementation writes it: the name is the first two
	 * {@code :}-separated parts ({@code host:pid}), the queues the rest.
	 */
	public static WorkerRegistration parse(String id) {
		String[] parts = id.split(":", -1);
		if (parts.length < 3) {
			String queues = (parts.length == 2) ? parts[1] : "";
			return new WorkerRegistration(parts[0], splitQueues(queues), id);
		}
		String name = parts[0] + ":" + parts[1];
		String queues = String.join(":", Arrays.asList(parts).subList(2, parts.length));
		return new WorkerRegistration(name, splitQueues(queues), id);
	}

	/** The queues as written in the registration: {@code q1,q2}. */
	public String queuesCsv() {
		return String.join(",", this.queues);
	}

	private static List<String> splitQueues(String csv) {
		return csv.isEmpty() ? List.of() : List.of(csv.split(","));
	}

}
