package dev.resque.core.plugin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.job.Durations;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobCancelledException;
import dev.resque.core.job.UnrunnableJobException;

/**
 * {@link Retry}: schedules a failed job again after a delay, logging one line per retry, and keeps it out of the
 * failed queue until its retries are used up. Attempts are counted in resque-retry's key so that node-resque's
 * Retry plugin and this one count the same job together.
 */
final class RetryPlugin implements ResquePlugin {

	private static final Logger log = LoggerFactory.getLogger(RetryPlugin.class);

	private final PluginSupport support;

	private final int limit;

	private final List<Duration> backoff;

	private final Duration delay;

	private final boolean exponential;

	private final Duration maxDelay;

	private final double jitter;

	private final List<Class<? extends Throwable>> retryOn;

	private final List<Class<? extends Throwable>> giveUpOn;

	private final Clock clock;

	private final RetryKeys retryKeys;

	RetryPlugin(PluginSupport support, Retry settings) {
		this.support = support;
		this.retryKeys = new RetryKeys(support.keys(), support.codec());
		this.clock = support.clock();
		this.limit = settings.limit();
		this.backoff = Arrays.stream(settings.backoff()).map((text) -> Durations.parse(text, "@Retry(backoff)")).toList();
		this.delay = Durations.parse(settings.delay(), "@Retry(delay)");
		this.exponential = settings.exponential();
		this.maxDelay = Durations.parse(settings.maxDelay(), "@Retry(maxDelay)");
		this.jitter = settings.jitter();
		this.retryOn = List.of(settings.retryOn());
		this.giveUpOn = List.of(settings.giveUpOn());
		if (this.limit < 0 || this.jitter < 0 || this.jitter > 1) {
			throw new IllegalArgumentException("@Retry needs limit >= 0 and jitter between 0 and 1");
		}
	}

	String retryKey(Job job) {
		return this.retryKeys.attempts(job);
	}

	String failureKey(Job job) {
		return this.retryKeys.lastFailure(job);
	}

	@Override
	public void afterPerform(PerformContext context) {
		Job job = context.job();
		Throwable failure = context.failure();
		if (failure == null) {
			forget(job);
			return;
		}
		if (!retries(failure)) {
			// this failure ends the job: a counter left by earlier attempts must not shorten the next one's retries
			forget(job);
			return;
		}
		Duration ttl = keyTtl();
		// resque-retry counts attempts from 0 (it sets the key to -1, then increments it before each attempt):
		// after the n-th failure its counter says n - 1, whichever side ran the attempts; node-resque counts from 1
		long attempt = this.retryKeys.attemptOf(
				this.support.store().increment(retryKey(job), this.retryKeys.rubyDialect() ? -1 : 0, ttl));
		if (attempt > this.limit) {
			forget(job);
			return;
		}
		Duration wait = delayBefore((int) attempt);
		Instant at = this.clock.instant().plus(wait);
		String lastError = this.support.codec().encodeFailure(context.worker(), job.queue(), this.support.codec().encode(job),
				failure.getClass().getName(), String.valueOf(failure.getMessage()), List.of(), this.clock.instant());
		this.support.store().set(failureKey(job), lastError, ttl);
		boolean scheduled = false;
		for (int i = 0; i < 10 && !scheduled; i++) {
			scheduled = this.support.delayed().schedule(at.plusSeconds(i), job, context.jobId());
		}
		// one line per retried attempt, without the stack trace: the last failure, if it comes, has it
		log.warn("Job {} from queue {} failed on worker {}: {}; retry {} of {} {}", job.name(), job.queue(),
				context.worker(), failure.toString(), attempt, this.limit,
				scheduled ? "in " + Durations.format(wait) : "merged with the same job already scheduled");
		context.retryScheduled(wait);
	}

	/** Drops the attempt counter and the last failure: the job succeeded, or its failure is final. */
	private void forget(Job job) {
		this.support.store().delete(List.of(retryKey(job), failureKey(job)));
	}

	/**
	 * Whether a failure is retried: never one that running the job again cannot fix (a job not registered here,
	 * arguments that do not bind), whatever {@code retryOn} lists; then as {@code giveUpOn} and {@code retryOn} say.
	 */
	private boolean retries(Throwable failure) {
		if (failure instanceof UnrunnableJobException || failure instanceof JobCancelledException) {
			return false;
		}
		if (this.giveUpOn.stream().anyMatch((type) -> type.isInstance(failure))) {
			return false;
		}
		return this.retryOn.isEmpty() || this.retryOn.stream().anyMatch((type) -> type.isInstance(failure));
	}

	/** The delay before retry number {@code attempt} (1 for the first). */
	Duration delayBefore(int attempt) {
		Duration base;
		if (!this.backoff.isEmpty()) {
			base = this.backoff.get(Math.min(attempt, this.backoff.size()) - 1);
		}
		else if (this.exponential) {
			base = this.delay.multipliedBy(1L << Math.min(attempt - 1, 30));
			if (base.compareTo(this.maxDelay) > 0 || base.isNegative()) {
				base = this.maxDelay;
			}
		}
		else {
			base = this.delay;
		}
		if (this.jitter == 0) {
			return base;
		}
		double factor = 1 + this.jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
		return Duration.ofMillis(Math.max(0, Math.round(base.toMillis() * factor)));
	}

	/** Attempt counters outlive every delay the retries can take. */
	private Duration keyTtl() {
		Duration longest = this.maxDelay;
		for (Duration step : this.backoff) {
			if (step.compareTo(longest) > 0) {
				longest = step;
			}
		}
		return longest.multipliedBy(2).plusHours(1);
	}

}
