package dev.resque.core.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.resque.core.codec.HeldRecord;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.job.JobTracking;
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

	private static final byte[] HELD = "held".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] LIMITED = "limited".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CLOSE = { '}' };

	private final String name;

	private final WorkerPool pool;

	private final WorkerContext context;

	private final RedisConnectionFactory connectionFactory;

	private final byte[][] fixedKeys;

	private final byte[] recordMiddle;

	private final byte[] statusPrefix;

	private final byte[] workerName;

	private final byte[] historyRetention;

	private final byte[] pendingRetention;

	private volatile List<String> heldSlots = List.of();

	private volatile @Nullable Duration limitedFor;

	private final @Nullable QueueArguments[] queueArguments = new QueueArguments[2];

	private byte @Nullable [] recordStart;

	private long recordStartSecond;

	/** When the job this worker holds was taken (its status records it as the start of its run). */
	private long takenAt;

	WorkScript(String name, String id, WorkerPool pool, WorkerContext context) {
		this.name = name;
		this.pool = pool;
		this.context = context;
		ResqueKeys keys = context.keys();
		// per-worker counters under the registration id, where Ruby Resque and resque-web read and clear them
		this.fixedKeys = Stream
			.of(keys.worker(id), keys.processed(), keys.processed(id), keys.failedCount(), keys.failedCount(id),
					keys.failed(), keys.pausedQueues(), keys.cancelledCount(), keys.history())
			.map(WorkScript::utf8)
			.toArray(byte[][]::new);
		this.connectionFactory = context.redis().getRequiredConnectionFactory();
		this.recordMiddle = utf8(context.codec().workingOnMiddle(name));
		JobTracking tracking = context.tracking();
		this.statusPrefix = tracking.enabled() ? utf8(keys.jobPrefix()) : NOTHING;
		this.workerName = utf8(name);
		this.historyRetention = utf8(Long.toString(tracking.historyRetention().toMillis()));
		this.pendingRetention = utf8(Long.toString(tracking.pendingRetention().toMillis()));
	}

	/**
	 * Records {@code finish}, if there is one, and when {@code take} takes the first job of the pool's queues in
	 * their order that is not paused and within its limits. Returns the job the worker now holds: the one taken,
	 * or the one a call whose reply never came already recorded; null when there is none ({@link #limitedFor()}
	 * then says whether a limit held a job back).
	 */
	@Nullable TakenJob call(@Nullable FinishedJob finish, boolean take) {
		List<String> queues = take ? this.pool.queues() : List.of();
		TakenJob taken = call(finish, take, queues);
		if (taken == null && take && this.pool.isNarrowed(queues)) {
			// the queues that held jobs gave none: every queue is looked at before the worker idles
			this.pool.narrowedEmpty();
			try {
				taken = call(null, true, this.pool.allQueues());
			}
			catch (DataAccessException ex) {
				// the finish above is recorded and must not be sent again: this look is the next call's to make (a
				// take that ran although its reply was lost comes back then as the job held)
				log.debug("Worker {} could not look at every queue: {}", this.name, ex.toString());
				return null;
			}
		}
		return taken;
	}

	private @Nullable TakenJob call(@Nullable FinishedJob finish, boolean take, List<String> queues) {
		JobCodec codec = this.context.codec();
		Map<String, QueueLimit> limits = this.context.queueLimits();
		Map<String, Integer> jobLimits = this.context.jobLimits();
		boolean limited = !queues.isEmpty()
				&& (!jobLimits.isEmpty() || (!limits.isEmpty() && queues.stream().anyMatch(limits::containsKey)));
		List<String> releasing = (finish != null) ? this.heldSlots : List.of();
		Instant now = this.context.clock().instant();
		QueueArguments queueArgs = queueArguments(queues);
		List<byte[]> keys = new ArrayList<>(this.fixedKeys.length + queues.size() + releasing.size());
		Collections.addAll(keys, this.fixedKeys);
		List<byte[]> args = new ArrayList<>(16 + queues.size());
		args.add((finish != null) ? finish.outcome().wire() : NOTHING);
		args.add((finish != null) ? finish.record() : NOTHING);
		args.add((finish != null && finish.failedEntry() != null) ? finish.failedEntry() : NOTHING);
		args.add(take ? TAKE : NO_TAKE);
		byte[] start = recordStart(now);
		args.add(start);
		args.add(this.recordMiddle);
		// Ruby Resque counts failed jobs as processed too
		args.add((codec.dialect() == WireDialect.RUBY) ? TAKE : NO_TAKE);
		args.add(this.statusPrefix);
		args.add(this.workerName);
		args.add(ascii(now.toEpochMilli()));
		args.add(this.historyRetention);
		args.add(this.pendingRetention);
		args.add((finish != null && finish.error() != null && this.statusPrefix.length > 0)
				? utf8(FinishedJob.summary(finish.error())) : NOTHING);
		args.add(ascii((this.takenAt > 0) ? this.takenAt : now.toEpochMilli()));
		args.add(queueArgs.count());
		// the queue names in ARGV line up with their keys in KEYS
		int firstQueue = args.size();
		Collections.addAll(keys, queueArgs.keys());
		Collections.addAll(args, queueArgs.names());
		// a worker that holds no slot and takes under no limit sends nothing more: its take stays the plain one
		if (limited || !releasing.isEmpty()) {
			List<String> extraKeys = new ArrayList<>(releasing);
			List<Object> extraArgs = new ArrayList<>();
			extraArgs.add(Integer.toString(releasing.size()));
			extraArgs.add(Long.toString(this.context.slotLease().toMillis()));
			if (limited) {
				addLimits(queues, limits, jobLimits, keys.size(), extraKeys, extraArgs);
			}
			extraKeys.forEach((key) -> keys.add(utf8(key)));
			extraArgs.forEach((arg) -> args.add((arg instanceof byte[] raw) ? raw : utf8((String) arg)));
		}
		byte[][] keysAndArgs = new byte[keys.size() + args.size()][];
		int at = 0;
		for (byte[] key : keys) {
			keysAndArgs[at++] = key;
		}
		for (byte[] arg : args) {
			keysAndArgs[at++] = arg;
		}
		List<byte[]> reply = ResqueScripts.executeRaw(this.connectionFactory, ResqueScripts.WORK, keys.size(),
				keysAndArgs);
		// the slots went with the finished job, whether or not it was still held
		this.heldSlots = List.of();
		this.takenAt = now.toEpochMilli();
		this.limitedFor = null;
		if (reply == null || reply.size() < 2 || reply.get(1) == null) {
			return null;
		}
		byte[] first = reply.get(0);
		if (Arrays.equals(first, HELD)) {
			TakenJob held = held(reply.get(1), attempt(reply, 2));
			this.heldSlots = slotsOf(held.queue(), heldJobName(held));
			return held;
		}
		if (Arrays.equals(first, LIMITED)) {
			this.limitedFor = Duration.ofMillis(Long.parseLong(new String(reply.get(1), StandardCharsets.US_ASCII)));
			return null;
		}
		int index = Integer.parseInt(new String(first, StandardCharsets.US_ASCII));
		byte[] payload = reply.get(1);
		String queue = queues.get(index);
		String jobSlot = (reply.size() > 2 && reply.get(2) != null && reply.get(2).length > 0)
				? new String(reply.get(2), StandardCharsets.UTF_8) : null;
		this.heldSlots = (jobSlot == null && limits.isEmpty()) ? List.of() : slotsOf(queue, jobSlot);
		return new TakenJob(queue, payload,
				concat(start, args.get(firstQueue + index), this.recordMiddle, payload, CLOSE), false,
				attempt(reply, 3));
	}

	/**
	 * The working-on record up to the queue name: its {@code run_at} has whole seconds, so it is formatted once a
	 * second rather than for every job.
	 */
	private byte[] recordStart(Instant now) {
		long second = now.getEpochSecond();
		if (second != this.recordStartSecond || this.recordStart == null) {
			this.recordStart = utf8(this.context.codec().workingOnStart(now));
			this.recordStartSecond = second;
		}
		return this.recordStart;
	}

	/**
	 * The queues' keys and quoted names as bytes: the same list (a pool's fixed queues in strict order, or a
	 * {@code *} pool's listing until it is read again) is encoded once, not on every take; a weighted order draws a
	 * new list for each take, which is encoded each time.
	 */
	private QueueArguments queueArguments(List<String> queues) {
		// two lists are kept: a * pool takes from the queues that hold jobs, and from all of them before it idles
		for (QueueArguments kept : this.queueArguments) {
			if (kept != null && kept.queues() == queues) {
				return kept;
			}
		}
		ResqueKeys keys = this.context.keys();
		byte[][] queueKeys = new byte[queues.size()][];
		byte[][] names = new byte[queues.size()][];
		for (int i = 0; i < queues.size(); i++) {
			String queue = queues.get(i);
			queueKeys[i] = utf8(keys.queue(queue));
			names[i] = utf8(JobCodec.quote(queue));
		}
		QueueArguments encoded = new QueueArguments(queues, queueKeys, names, ascii(queues.size()));
		this.queueArguments[1] = this.queueArguments[0];
		this.queueArguments[0] = encoded;
		return encoded;
	}

	/** The encoded keys and quoted names of one list of queues, in its order. */
	private record QueueArguments(List<String> queues, byte[][] keys, byte[][] names, byte[] count) {
	}

	/** A tracked job's attempt in the reply, 0 when untracked (or a reply of an older script). */
	private static long attempt(List<byte[]> reply, int index) {
		if (reply.size() <= index || reply.get(index) == null || reply.get(index).length == 0) {
			return 0;
		}
		try {
			return Long.parseLong(new String(reply.get(index), StandardCharsets.US_ASCII));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * The queues' limits, one per queue ({@code ''} for none), then the limited jobs with their slots' keys; the
	 * keys are added after the {@code keysBefore} already given.
	 */
	private void addLimits(List<String> queues, Map<String, QueueLimit> limits, Map<String, Integer> jobLimits,
			int keysBefore, List<String> scriptKeys, List<Object> args) {
		ResqueKeys keys = this.context.keys();
		for (String queue : queues) {
			QueueLimit limit = limits.get(queue);
			if (limit == null) {
				args.add(NOTHING);
				continue;
			}
			int slots = 0;
			int rate = 0;
			if (limit.maxConcurrency() != null) {
				scriptKeys.add(keys.queueSlots(queue));
				slots = keysBefore + scriptKeys.size();
			}
			if (limit.rateLimit() != null) {
				scriptKeys.add(keys.queueRate(queue));
				rate = keysBefore + scriptKeys.size();
			}
			args.add(slots + "," + ((limit.maxConcurrency() != null) ? limit.maxConcurrency() : 0) + "," + rate + ","
					+ ((limit.rateLimit() != null) ? limit.rateLimit() : 0) + "," + limit.ratePeriod().toMillis());
		}
		args.add(Integer.toString(jobLimits.size()));
		jobLimits.forEach((job, most) -> {
			scriptKeys.add(keys.jobSlots(job));
			args.add(job);
			args.add(Integer.toString(keysBefore + scriptKeys.size()));
			args.add(Integer.toString(most));
		});
	}

	/** The name of a job found held after a lost reply, if it has a concurrency limit (its slot was taken then). */
	private @Nullable String heldJobName(TakenJob held) {
		if (this.context.jobLimits().isEmpty() || held.foreignRecord()) {
			return null;
		}
		try {
			String name = this.context.codec().decode(new String(held.payload(), StandardCharsets.UTF_8), held.queue()).name();
			return this.context.jobLimits().containsKey(name) ? name : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * When the last call took nothing because of a queue's limit: about how long until that queue may give a job.
	 */
	@Nullable Duration limitedFor() {
		return this.limitedFor;
	}

	/** The concurrency slots the job the worker holds takes up (of its queue, of its job), renewed by its pings. */
	List<String> heldSlots() {
		return this.heldSlots;
	}

	private List<String> slotsOf(String queue, @Nullable String jobName) {
		QueueLimit limit = this.context.queueLimits().get(queue);
		List<String> slots = new ArrayList<>(2);
		if (limit != null && limit.maxConcurrency() != null) {
			slots.add(this.context.keys().queueSlots(queue));
		}
		if (jobName != null) {
			slots.add(this.context.keys().jobSlots(jobName));
		}
		return List.copyOf(slots);
	}

	/** The job a take found already recorded: its payload is cut out of the record byte for byte. */
	private TakenJob held(byte[] record, long attempt) {
		HeldRecord parts = this.context.codec().splitWorkingOn(record);
		if (parts == null) {
			return new TakenJob("", record, record, true, attempt);
		}
		log.debug("Worker {} holds a job it took in a call whose reply it never saw; it runs it now", this.name);
		return new TakenJob(parts.queue(), parts.payload(), record, false, attempt);
	}

	private static byte[] ascii(long number) {
		return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
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
