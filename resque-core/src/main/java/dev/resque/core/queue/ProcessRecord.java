package dev.resque.core.queue;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a process running our workers says of itself, refreshed with its workers' pings and gone a few pings after
 * the process is: for the dashboard's view of instances.
 *
 * @param id {@code host:pid-incarnation}, the start of its workers' names
 * @param host its host name
 * @param pid its process id
 * @param startedAt when its workers started
 * @param version the Spring Resque version it runs, or {@code null} when its jar does not say
 * @param threads worker threads in all its pools
 * @param busy how many of them run a job
 * @param memoryUsed heap in use, in bytes
 * @param memoryMax the heap's limit, in bytes
 * @param queues each pool's queues, as a worker lists them ({@code mailers,default})
 * @param updatedAt when it last said so
 */
public record ProcessRecord(String id, String host, long pid, Instant startedAt, @Nullable String version,
		int threads, int busy, long memoryUsed, long memoryMax, List<String> queues, Instant updatedAt) {

	public ProcessRecord {
		queues = List.copyOf(queues);
	}

}
