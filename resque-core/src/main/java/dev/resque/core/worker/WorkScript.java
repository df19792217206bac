package dev.resque.core.worker;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.codec.HeldRecord;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * One worker's calls of {@code work.lua}, the one round trip per job: each records how the last job ended and
 * takes the next into the worker's working-on record in the same atomic step. The script builds the record from
 * the parts given here, so the worker knows its bytes without reading it back.
 */
final class WorkScript {

	private static final Logger log = LoggerFactory.getLogger(WorkScript.class);

	private static final byte[] NOTHING = new byte[0];

	private static final byte[] TAKE = { '1' };

	private static final byte[] NO_TAKE = { '0' };

	private final String name;

	private final WorkerPool pool;

	private final WorkerContext context;

	private final List<String> fixedKeys;

	private final byte[] recordMiddle;

	WorkScript(String name, String id, WorkerPool pool, WorkerContext context) {
		this.name = name;
		this.pool = pool;
		this.context = context;
		ResqueKeys keys = context.keys();
		// per-worker counters under the registration id, where Ruby Resque and resque-web read and clear them
		this.fixedKeys = List.of(keys.worker(id), keys.processed(), keys.processed(id), keys.failedCount(),
				keys.failedCount(id), keys.failed(), keys.pausedQueues(), keys.cancelledCount());
		this.recordMiddle = utf8(context.codec().workingOnMiddle(name));
	}

	/**
	 * Records {@code finish}, if there is one, and when {@code take} takes the first job of the pool's queues in
	 * priority order. Returns the job the worker now holds: the one taken, or the one a call whose reply never
	 * came already recorded; null when there is none.
	 */
	@Nullable TakenJob call(@Nullable FinishedJob finish, boolean take) {
		JobCodec codec = this.context.codec();
		List<String> queues = take ? this.pool.queues() : List.of();
		Instant now = this.context.clock().instant();
		List<String> scriptKeys = new ArrayList<>(this.fixedKeys.size() + queues.size());
		scriptKeys.addAll(this.fixedKeys);
		Object[] args = new Object[this.fixedKeys.size() + queues.size()];
		args[0] = (finish != null) ? finish.outcome().wire() : NOTHING;
		args[1] = (finish != null) ? finish.record() : NOTHING;
		args[2] = (finish != null && finish.failedEntry() != null) ? finish.failedEntry() : NOTHING;
		args[3] = take ? TAKE : NO_TAKE;
		byte[] start = utf8(codec.workingOnStart(now));
		args[4] = start;
		args[5] = this.recordMiddle;
		// Ruby Resque counts failed jobs as processed too
		args[6] = (codec.dialect() == WireDialect.RUBY) ? TAKE : NO_TAKE;
		// ARGV lines up with KEYS from the queues on; the fixed keys after the seventh take no argument of their own
		for (int i = 7; i < this.fixedKeys.size(); i++) {
			args[i] = NOTHING;
		}
		// the queue names in ARGV line up with their keys in KEYS
		int firstQueue = this.fixedKeys.size();
		for (int i = 0; i < queues.size(); i++) {
			scriptKeys.add(this.context.keys().queue(queues.get(i)));
			args[firstQueue + i] = utf8(JobCodec.quote(queues.get(i)));
		}
		List<byte[]> reply = ResqueScripts.executeRaw(this.context.redis(), ResqueScripts.WORK, scriptKeys, args);
		if (reply == null || reply.size() < 2 || reply.get(1) == null) {
			return null;
		}
		String first = new String(reply.get(0), StandardCharsets.US_ASCII);
		if (first.equals("held")) {
			return held(reply.get(1));
		}
		int index = Integer.parseInt(first);
		byte[] payload = reply.get(1);
		return new TakenJob(queues.get(index), payload,
				concat(start, (byte[]) args[firstQueue + index], this.recordMiddle, payload, new byte[] { '}' }), false);
	}

	/** The job a take found already recorded: its payload is cut out of the record byte for byte. */
	private TakenJob held(byte[] record) {
		HeldRecord parts = this.context.codec().splitWorkingOn(record);
		if (parts == null) {
			return new TakenJob("", record, record, true);
		}
		log.debug("Worker {} holds a job it took in a call whose reply it never saw; it runs it now", this.name);
		return new TakenJob(parts.queue(), parts.payload(), record, false);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] out = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, out, at, part.length);
			at += part.length;
		}
		return out;
	}

}
