package dev.resque.core.plugin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.RubyText;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.job.Job;
import dev.resque.core.redis.ResqueKeys;

/**
 * Where a retried job's attempt counter and last failure live: node-resque's Retry keys, or resque-retry's in the
 * Ruby dialect, so that all of them count the same job together. The retry plugin writes them; the dashboard reads
 * them to tell a retry from a plain delayed job.
 */
public final class RetryKeys {

	private final ResqueKeys keys;

	private final JobCodec codec;

	public RetryKeys(ResqueKeys keys, JobCodec codec) {
		this.keys = keys;
		this.codec = codec;
	}

	/**
	 * The attempt counter: {@code <ns>:resque-retry:<job>:<args joined by ->} with the first whitespace removed,
	 * as node-resque writes it; in the Ruby dialect resque-retry's {@code <ns>:resque-retry:<class>:<SHA-1 of the
	 * args joined by -, as Ruby joins them>} with all whitespace removed.
	 */
	public String attempts(Job job) {
		if (rubyDialect()) {
			return this.keys.rubyRetryAttempts(job.name(), rubyIdentifier(job));
		}
		return this.keys.retryAttempts(job.name(), argsKey(job));
	}

	/** Where the last failure is kept between attempts: {@code failure-} and the attempt counter's name. */
	public String lastFailure(Job job) {
		if (rubyDialect()) {
			return this.keys.rubyRetryFailure(job.name(), rubyIdentifier(job));
		}
		return this.keys.retryFailure(job.name(), argsKey(job));
	}

	/**
	 * The attempt a counter's value stands for (1 for the first retry): resque-retry counts from 0 (it sets the
	 * key to -1 and increments it before each attempt), node-resque from 1.
	 */
	public long attemptOf(long counter) {
		return rubyDialect() ? counter + 1 : counter;
	}

	boolean rubyDialect() {
		return this.codec.dialect() == WireDialect.RUBY;
	}

	/** resque-retry's identifier of a job: the SHA-1 of its args joined by {@code -} as Ruby joins them. */
	private static @Nullable String rubyIdentifier(Job job) {
		String joined = RubyText.join(job.args(), "-");
		return joined.isEmpty() ? null : sha1(joined);
	}

	private static String sha1(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is not available", ex);
		}
	}

	private String argsKey(Job job) {
		StringBuilder key = new StringBuilder();
		for (Object arg : job.args()) {
			if (key.length() > 0) {
				key.append('-');
			}
			key.append((arg instanceof String text) ? text : this.codec.write(arg));
		}
		return key.toString();
	}

}
