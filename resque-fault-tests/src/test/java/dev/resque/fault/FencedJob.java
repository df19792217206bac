package dev.resque.fault;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.FencedValues;
import dev.resque.core.worker.FencingToken;
import dev.resque.core.worker.JobContext;

/**
 * A job whose effect is guarded by its fencing token: it says in {@code test:fenced:<account>} that its attempt
 * started, sleeps, then writes {@code test:account:<account>} through {@link FencedValues} and says whether that
 * write was applied or refused.
 */
@ResqueJob(name = "Fenced", queue = "q")
public class FencedJob {

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final FencedValues fenced;

	public FencedJob(StringRedisTemplate redis, ResqueKeys keys) {
		this.redis = redis;
		this.keys = keys;
		this.fenced = new FencedValues(redis);
	}

	public void perform(String account, long millis) throws InterruptedException {
		FencingToken token = JobContext.current().fencingToken();
		String log = this.keys.key("test", "fenced", account);
		this.redis.opsForList().rightPush(log, "attempt " + token.attempt() + " started");
		Thread.sleep(millis);
		boolean written = this.fenced.set(this.keys.key("test", "account", account), "paid by attempt " + token.attempt(), token);
		this.redis.opsForList().rightPush(log, "attempt " + token.attempt() + (written ? " wrote" : " refused"));
	}

}
