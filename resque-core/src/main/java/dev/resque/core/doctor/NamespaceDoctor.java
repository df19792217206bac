package dev.resque.core.doctor;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.resque.core.codec.HeldRecord;
import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.Utf8;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.job.JobTracking;
import dev.resque.core.queue.WorkerRegistration;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * Examines a namespace for damage, in bounded steps: one SCAN of its keys (1,000 at a time), then the lists it
 * found read in pipelined pages, at most {@code maxEntriesPerList} entries each, so a namespace of 100,000 keys
 * takes seconds and blocks Redis for no longer than one page. {@link #examine()} only reads;
 * {@link #repair(FindingKind)} fixes one kind of finding, each place in one atomic step that first checks the
 * damage is still there.
 */
public final class NamespaceDoctor {

	/** How many examples a finding carries. */
	public static final int EXAMPLES = 5;

	/** How many entries of one list are read by default. */
	public static final int DEFAULT_MAX_ENTRIES_PER_LIST = 100_000;

	/** How old a last ping makes a worker dead by default: five times the scheduler's default stuck timeout. */
	public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(5);

	private static final int PAGE = 1_000;

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final Clock clock;

	private final int maxEntriesPerList;

	private final Duration staleAfter;

	private final Supplier<JobTracking> tracking;

	public NamespaceDoctor(RedisCalls calls, ResqueKeys keys, JobCodec codec) {
		this(calls, keys, codec, JobTracking::defaults);
	}

	/** @param tracking how jobs are tracked here, for the status of a job it gives back */
	public NamespaceDoctor(RedisCalls calls, ResqueKeys keys, JobCodec codec, Supplier<JobTracking> tracking) {
		this(calls, keys, codec, tracking, Clock.systemUTC(), DEFAULT_MAX_ENTRIES_PER_LIST, DEFAULT_STALE_AFTER);
	}

	/**
	 * @param staleAfter how old a worker's last ping may be before the worker counts as dead (a scheduler would
	 * have cleaned it after its {@code stuck-worker-timeout}, when one runs)
	 */
	public NamespaceDoctor(RedisCalls calls, ResqueKeys keys, JobCodec codec, Supplier<JobTracking> tracking, Clock clock,
			int maxEntriesPerList, Duration staleAfter) {
		this.tracking = tracking;
		this.calls = calls;
		this.keys = keys;
		this.codec = codec;
		this.clock = clock;
		this.maxEntriesPerList = maxEntriesPerList;
		this.staleAfter = staleAfter;
	}

	/** Reads the namespace and reports what is broken; changes nothing. */
	public DoctorReport examine() {
		long started = System.nanoTime();
		Examination found = examination();
		List<Finding> findings = new ArrayList<>();
		found.places.forEach((kind, places) -> findings.add(new Finding(kind, places.size(),
				places.stream().limit(EXAMPLES).map(Place::describe).toList())));
		return new DoctorReport(this.keys.namespace(), findings, found.census.keysScanned(), found.entriesRead,
				found.complete, Duration.ofNanos(System.nanoTime() - started));
	}

	/**
	 * Repairs every place with one kind of damage, as {@link FindingKind#fix()} says; a place repaired or changed
	 * meanwhile by someone else is left alone.
	 * @return how many places were repaired
	 */
	public long repair(FindingKind kind) {
		List<Place> places = examination().places.getOrDefault(kind, List.of());
		long repaired = 0;
		for (Place place : places) {
			if (repair(kind, place)) {
				repaired++;
			}
		}
		return repaired;
	}

	private boolean repair(FindingKind kind, Place place) {
		return switch (kind) {
			case MALFORMED_QUEUE_ENTRY -> quarantine(place);
			case MALFORMED_DELAYED_ENTRY -> {
				boolean moved = quarantine(place);
				// the time's last entry gone, the time goes from the schedule too
				String time = place.key().substring(place.key().lastIndexOf(':') + 1);
				script(ResqueScripts.DOCTOR_FORGET_MISSING_LIST, List.of(this.keys.delayedSchedule(), place.key()), time);
				yield moved;
			}
			case MALFORMED_FAILED_ENTRY -> script(ResqueScripts.DOCTOR_REPLACE_ENTRY, List.of(place.key(), this.keys.failed()),
					place.entry(), this.codec.encodeFailure("doctor", "", place.entry(), "UnreadableFailedEntry",
							"This failed entry could not be read (" + place.detail() + "); its text is kept as its payload",
							List.of(), this.clock.instant()));
			case ORPHANED_WORKING_ON, WORKER_WITHOUT_PING, WORKER_PING_STALE -> giveBack(place);
			case LEAKED_LOCK, LEADER_LOCK_WITHOUT_EXPIRY -> deleteIfPersistent(place.key());
			case QUEUE_WITHOUT_LIST -> script(ResqueScripts.DOCTOR_FORGET_MISSING_LIST,
					List.of(this.keys.queues(), this.keys.queue(place.queue())), place.queue());
			case LIST_NOT_IN_QUEUES -> RedisCalls.orZero(this.calls.call("add queue",
					() -> this.calls.redis().opsForSet().add(this.keys.queues(), place.queue()))) > 0;
			case SCHEDULE_ENTRY_WITHOUT_LIST -> script(ResqueScripts.DOCTOR_FORGET_MISSING_LIST,
					List.of(this.keys.delayedSchedule(), place.key()), place.entry());
			case FOREIGN_DIALECT_PAYLOAD -> false;
		};
	}

	/** Moves an entry that is not a job into the failed queue, as a failed record holding it. */
	private boolean quarantine(Place place) {
		return script(ResqueScripts.DOCTOR_REPLACE_ENTRY, List.of(place.key(), this.keys.failed()), place.entry(),
				this.codec.encodeFailure("doctor", place.queue(), place.entry(), "MalformedEntry", "Not a job: " + place.detail(),
						List.of(), this.clock.instant()));
	}

	/**
	 * Cleans the worker as the scheduler cleans a dead one (the same script: its registration, ping, heartbeat and
	 * counters go, a job it held goes back to the head of its queue and a tracked job's status says requeued), once
	 * its record and ping are still what was read.
	 */
	private boolean giveBack(Place place) {
		String id = place.entry();
		WorkerRegistration worker = WorkerRegistration.parse(id);
		String recordKey = this.keys.worker(id);
		String pingKey = this.keys.workerPing(worker.name());
		String record = this.calls.call("read working-on record", () -> this.calls.redis().opsForValue().get(recordKey));
		String ping = this.calls.call("read ping", () -> this.calls.redis().opsForValue().get(pingKey));
		String queue = "";
		String payload = "";
		if (record != null) {
			HeldRecord held = this.codec.splitWorkingOn(record.getBytes(StandardCharsets.UTF_8));
			payload = (held != null) ? Utf8.decode(held.payload()) : null;
			if (held == null || payload == null || held.queue().isEmpty()) {
				return false;
			}
			queue = held.queue();
		}
		JobTracking tracking = this.tracking.get();
		String target = queue.isEmpty() ? this.keys.failed() : this.keys.queue(queue);
		return script(ResqueScripts.CLEAN_WORKER, List.of(this.keys.workers(), recordKey, this.keys.workerStarted(id), pingKey,
				this.keys.heartbeats(), this.keys.processed(worker.name()), this.keys.failedCount(worker.name()), target,
				this.keys.queues(), this.keys.failedCount(), this.keys.processed(id), this.keys.failedCount(id),
				this.keys.history()), id, (record != null) ? record : "", "requeue", payload, queue, (ping != null) ? ping : "",
				tracking.enabled() ? this.keys.jobPrefix() : "", Long.toString(tracking.pendingRetention().toMillis()),
				Long.toString(tracking.historyRetention().toMillis()), "");
	}

	private boolean deleteIfPersistent(String key) {
		Long ttl = this.calls.call("read lock", () -> this.calls.redis().getExpire(key));
		return ttl != null && ttl == -1 && Boolean.TRUE.equals(this.calls.call("delete lock", () -> this.calls.redis().delete(key)));
	}

	private boolean script(org.springframework.data.redis.core.script.RedisScript<Long> script, List<String> scriptKeys,
			Object... args) {
		Long done = this.calls.call("repair", () -> this.calls.redis().execute(script, scriptKeys, args));
		return done != null && done > 0;
	}

	private Examination examination() {
		Census census = Census.take(this.calls, this.keys);
		Examination found = new Examination(census);
		examineQueues(found);
		examineDelayed(found);
		examineFailed(found);
		examineWorkers(found);
		examineLocks(found);
		return found;
	}

	private void examineQueues(Examination found) {
		Set<String> listed = new HashSet<>(RedisCalls.orEmpty(this.calls.call("read queues",
				() -> this.calls.redis().opsForSet().members(this.keys.queues()))));
		Set<String> withLists = new HashSet<>();
		String prefix = this.keys.queuePrefix();
		for (String key : found.census.queueLists()) {
			String queue = key.substring(prefix.length());
			withLists.add(queue);
			if (!listed.contains(queue)) {
				found.add(FindingKind.LIST_NOT_IN_QUEUES, new Place(key, queue, queue, ""));
			}
		}
		readLists(found, found.census.queueLists(), (key, entry) -> {
			String queue = key.substring(prefix.length());
			try {
				this.codec.decode(entry, queue);
				if (!inOwnDialect(entry)) {
					found.add(FindingKind.FOREIGN_DIALECT_PAYLOAD, new Place(key, queue, entry, ""));
				}
			}
			catch (InvalidPayloadException ex) {
				found.add(FindingKind.MALFORMED_QUEUE_ENTRY, new Place(key, queue, entry, ex.getMessage()));
			}
		});
		for (String queue : listed) {
			if (!withLists.contains(queue)) {
				found.add(FindingKind.QUEUE_WITHOUT_LIST, new Place(this.keys.queues(), queue, queue, ""));
			}
		}
	}

	/**
	 * Whether a payload has the key order of the dialect this namespace writes: node-resque's
	 * {@code {"class","queue","args"}} or Ruby's {@code {"class","args"...}}.
	 */
	private boolean inOwnDialect(String payload) {
		int queue = payload.indexOf("\"queue\":");
		int args = payload.indexOf("\"args\":");
		boolean nodeOrder = queue >= 0 && args > queue;
		return (this.codec.dialect() == WireDialect.NODE) == nodeOrder;
	}

	private void examineDelayed(Examination found) {
		Set<String> scheduled = new HashSet<>(RedisCalls.orEmpty(this.calls.call("read schedule",
				() -> this.calls.redis().opsForZSet().range(this.keys.delayedSchedule(), 0, -1))));
		Set<String> lists = new HashSet<>(found.census.delayedLists());
		for (String time : scheduled) {
			String key = this.keys.key("delayed", time);
			if (!lists.contains(key)) {
				found.add(FindingKind.SCHEDULE_ENTRY_WITHOUT_LIST, new Place(key, "", time, ""));
			}
		}
		readLists(found, found.census.delayedLists(), (key, entry) -> {
			try {
				this.codec.decode(entry, null);
			}
			catch (InvalidPayloadException ex) {
				found.add(FindingKind.MALFORMED_DELAYED_ENTRY, new Place(key, "", entry, ex.getMessage()));
			}
		});
	}

	private void examineFailed(Examination found) {
		readLists(found, List.of(this.keys.failed()), (key, entry) -> {
			try {
				this.codec.decodeFailure(entry);
			}
			catch (InvalidPayloadException ex) {
				found.add(FindingKind.MALFORMED_FAILED_ENTRY, new Place(this.keys.failed(), "", entry, ex.getMessage()));
			}
		});
	}

	private void examineWorkers(Examination found) {
		Set<String> registered = new HashSet<>(RedisCalls.orEmpty(this.calls.call("read workers",
				() -> this.calls.redis().opsForSet().members(this.keys.workers()))));
		Set<Object> heartbeats = new HashSet<>(RedisCalls.orEmpty(this.calls.call("read heartbeats",
				() -> this.calls.redis().opsForHash().keys(this.keys.heartbeats()))));
		Map<String, Instant> pinged = lastPings(found.census.pings());
		Instant staleBefore = this.clock.instant().minus(this.staleAfter);
		for (String id : registered) {
			String name = WorkerRegistration.parse(id).name();
			Instant ping = pinged.get(name);
			if (!pinged.containsKey(name) && !heartbeats.contains(id)) {
				found.add(FindingKind.WORKER_WITHOUT_PING, new Place(this.keys.workers(), "", id, ""));
			}
			else if (ping != null && ping.isBefore(staleBefore)) {
				found.add(FindingKind.WORKER_PING_STALE, new Place(this.keys.workers(), "", id, "last ping " + ping));
			}
		}
		String prefix = this.keys.key("worker") + ":";
		for (String key : found.census.workingOnRecords()) {
			String id = key.substring(prefix.length());
			if (!registered.contains(id)) {
				found.add(FindingKind.ORPHANED_WORKING_ON, new Place(key, "", id, ""));
			}
		}
	}

	/** The time of each ping record, by worker name; a ping that cannot be read counts as one with no time. */
	private Map<String, Instant> lastPings(List<String> pingKeys) {
		Map<String, Instant> pings = new java.util.HashMap<>();
		for (int start = 0; start < pingKeys.size(); start += PAGE) {
			List<String> page = pingKeys.subList(start, Math.min(pingKeys.size(), start + PAGE));
			List<String> values = RedisCalls.orEmpty(this.calls.call("read pings", () -> this.calls.redis().opsForValue().multiGet(page)));
			for (int i = 0; i < page.size() && i < values.size(); i++) {
				String value = values.get(i);
				Instant time = (value != null) ? this.codec.decodePing(value).map((ping) -> ping.time()).orElse(null) : null;
				pings.put(this.keys.workerNameOfPing(page.get(i)), time);
			}
		}
		return pings;
	}

	private void examineLocks(Examination found) {
		List<String> locks = new ArrayList<>(found.census.locks());
		List<String> leaders = List.of(this.keys.leaderLock(), this.keys.rubySchedulerLock());
		List<String> all = new ArrayList<>(locks);
		all.addAll(leaders);
		long now = this.clock.instant().getEpochSecond();
		for (int start = 0; start < all.size(); start += PAGE) {
			List<String> page = all.subList(start, Math.min(all.size(), start + PAGE));
			List<Object> replies = this.calls.pipeline("read locks", (ops) -> page.forEach((key) -> {
				ops.getExpire(key);
				ops.opsForValue().get(key);
			}));
			for (int i = 0; i < page.size(); i++) {
				Object ttl = replies.get(2 * i);
				Object value = replies.get(2 * i + 1);
				if (!(ttl instanceof Long seconds) || seconds != -1 || value == null) {
					continue;
				}
				String key = page.get(i);
				if (leaders.contains(key)) {
					found.add(FindingKind.LEADER_LOCK_WITHOUT_EXPIRY, new Place(key, "", String.valueOf(value), ""));
				}
				else if (expiredOrUnknown(String.valueOf(value), now)) {
					found.add(FindingKind.LEAKED_LOCK, new Place(key, "", String.valueOf(value), ""));
				}
			}
		}
	}

	/** A lock's value starts with its expiry in epoch seconds, as node-resque and our plugins write it. */
	private static boolean expiredOrUnknown(String value, long now) {
		int dot = value.indexOf('.');
		try {
			return Long.parseLong((dot >= 0) ? value.substring(0, dot) : value) < now;
		}
		catch (NumberFormatException ex) {
			return true;
		}
	}

	/**
	 * Reads lists in pages: the first page of up to {@value #PAGE} lists in one pipeline (most lists are short:
	 * a delayed time, a small queue), then the rest of a longer list a page at a time, at most
	 * {@code maxEntriesPerList} entries of each.
	 */
	private void readLists(Examination found, List<String> lists, BiConsumer<String, String> entry) {
		for (int start = 0; start < lists.size(); start += PAGE) {
			List<String> page = lists.subList(start, Math.min(lists.size(), start + PAGE));
			int first = Math.min(PAGE, this.maxEntriesPerList);
			List<Object> replies = this.calls.pipeline("read lists", (ops) -> page.forEach((key) -> {
				ops.opsForList().size(key);
				ops.opsForList().range(key, 0, first - 1);
			}));
			for (int i = 0; i < page.size(); i++) {
				String key = page.get(i);
				long total = (replies.get(2 * i) instanceof Long length) ? length : 0;
				List<String> head = RedisCalls.strings(replies.get(2 * i + 1));
				found.entriesRead += head.size();
				head.forEach((value) -> entry.accept(key, value));
				if (total > this.maxEntriesPerList) {
					found.complete = false;
				}
				long limit = Math.min(total, this.maxEntriesPerList);
				for (long from = first; from < limit; from += PAGE) {
					long at = from;
					List<String> rest = RedisCalls.orEmpty(this.calls.call("read list",
							() -> this.calls.redis().opsForList().range(key, at, Math.min(limit, at + PAGE) - 1)));
					found.entriesRead += rest.size();
					rest.forEach((value) -> entry.accept(key, value));
				}
			}
		}
	}

	/** Where a finding is: a key, the queue it concerns, the entry (or name) found there and what is wrong with it. */
	private record Place(String key, String queue, String entry, @Nullable String detail) {

		String describe() {
			String shown = (this.entry.length() > 200) ? this.entry.substring(0, 200) + "…" : this.entry;
			return this.key + " " + shown + ((this.detail != null && !this.detail.isEmpty()) ? " (" + this.detail + ")" : "");
		}

	}

	/** What one examination collected. */
	private static final class Examination {

		final Census census;

		final Map<FindingKind, List<Place>> places = new EnumMap<>(FindingKind.class);

		long entriesRead;

		boolean complete = true;

		Examination(Census census) {
			this.census = census;
		}

		void add(FindingKind kind, Place place) {
			this.places.computeIfAbsent(kind, (k) -> new ArrayList<>()).add(place);
		}

	}

}
