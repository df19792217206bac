package dev.resque.fault;

import java.util.UUID;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.ResqueKeys;

/**
 * The job of the fault tests: records that a run of its id started, sleeps, then records the completed run in
 * Redis ({@code test:runs}, one field {@code <id>|<run>} per run), so a test can tell by id which jobs ran, how
 * often, and which were in flight at a fault. Each run has its own field, so a record the client sent again
 * after a timeout (Redis may run both) is still one run; it is retried until Redis takes it, so that a fault in
 * the test's own bookkeeping is not taken for a lost job.
 */
@ResqueJob(name = "Recorded", queue = "q")
public class RecordedJob {

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	public RecordedJob(StringRedisTemplate redis, ResqueKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	public void perform(String id, long millis) throws InterruptedException {
		String run = id + "|" + UUID.randomUUID();
		record("started", run);
		if (millis > 0) {
			Thread.sleep(millis);
		}
		record("runs", run);
	}

	private void record(String what, String run) throws InterruptedException {
		long deadline = System.nanoTime() + 120_000_000_000L;
		while (true) {
			try {
				this.redis.opsForHash().put(this.keys.key("test", what), run, "1");
				return;
			}
			catch (DataAccessException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(100);
			}
		}
	}

}
