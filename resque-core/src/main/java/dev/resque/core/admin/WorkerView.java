package dev.resque.core.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.queue.ProcessRecord;
import dev.resque.core.queue.WorkerRegistration;
import dev.resque.core.queue.WorkerStatus;
import dev.resque.core.queue.WorkingOn;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/** The registered workers of every language, what each works on and when each last pinged. */
public final class WorkerView {

	private static final Logger log = LoggerFactory.getLogger(WorkerView.class);

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final JobCodec codec;

	WorkerView(RedisCalls calls, ResqueKeys keys, JobCodec codec) {
		this.calls = calls;
		this.keys = keys;
		this.codec = codec;
	}

	/** Registered workers of every language, sorted by registration id. */
	public List<WorkerRegistration> registered() {
		Set<String> members = this.calls.call("list workers",
				() -> this.calls.redis().opsForSet().members(this.keys.workers()));
		return RedisCalls.orEmpty(members).stream()
			.map(WorkerRegistration::parse)
			.sorted((a, b) -> a.id().compareTo(b.id()))
			.toList();
	}

	/**
	 * What a worker is working on.
	 * @param workerName the worker's name ({@code host:pid})
	 * @param queues its queues as registered ({@code q1,q2})
	 */
	public Optional<WorkingOn> workingOn(String workerName, String queues) {
		String record = this.calls.call("read worker",
				() -> this.calls.redis().opsForValue().get(this.keys.worker(workerName + ":" + queues)));
		return Optional.ofNullable(record).map((json) -> this.codec.decodeWorkingOn(json, workerName));
	}

	/** Every registered worker with the job it works on, if any: two round trips. */
	public List<WorkerStatus> statuses() {
		List<WorkerRegistration> workers = registered();
		if (workers.isEmpty()) {
			return List.of();
		}
		List<String> records = records(workers);
		List<WorkerStatus> statuses = new ArrayList<>(workers.size());
		for (int i = 0; i < workers.size(); i++) {
			WorkerRegistration worker = workers.get(i);
			String record = (records != null) ? records.get(i) : null;
			statuses.add(new WorkerStatus(worker, (record != null) ? readWorkingOn(record, worker) : null));
		}
		return statuses;
	}

	/**
	 * When each registered worker last pinged, by worker name; workers that do not ping this way (Ruby Resque's)
	 * are absent.
	 */
	public Map<String, Instant> lastPings() {
		List<String> names = registered().stream().map(WorkerRegistration::name).distinct().toList();
		if (names.isEmpty()) {
			return Map.of();
		}
		List<String> pings = this.calls.call("read pings",
				() -> this.calls.redis().opsForValue().multiGet(names.stream().map(this.keys::workerPing).toList()));
		Map<String, Instant> lastPings = new TreeMap<>();
		for (int i = 0; i < names.size(); i++) {
			String ping = (pings != null) ? pings.get(i) : null;
			if (ping == null) {
				continue;
			}
			String name = names.get(i);
			this.codec.decodePing(ping).ifPresentOrElse((record) -> lastPings.put(name, record.time()),
					() -> log.debug("Unreadable ping of worker {}", name));
		}
		return lastPings;
	}

	/**
	 * The processes our registered workers run in, as each last recorded itself ({@code host:pid-incarnation},
	 * the part of a worker's name before {@code +}), sorted by id: two round trips. Workers of other languages,
	 * and processes whose record lapsed, have none.
	 */
	public List<ProcessRecord> processes() {
		List<String> ids = registered().stream()
			.map(WorkerRegistration::name)
			.filter((name) -> name.indexOf('+') > 0)
			.map((name) -> name.substring(0, name.indexOf('+')))
			.distinct()
			.sorted()
			.toList();
		if (ids.isEmpty()) {
			return List.of();
		}
		List<String> records = this.calls.call("read processes",
				() -> this.calls.redis().opsForValue().multiGet(ids.stream().map(this.keys::process).toList()));
		List<ProcessRecord> processes = new ArrayList<>();
		for (String record : RedisCalls.orEmpty(records)) {
			if (record != null) {
				this.codec.decodeProcess(record).ifPresent(processes::add);
			}
		}
		return processes;
	}

	/**
	 * What the worker that holds a tracked job works on, or null when no worker holds it: a job is running while it
	 * is in a working-on record. Two round trips, as {@link #statuses()}.
	 */
	@Nullable WorkingOn holding(String jobId) {
		List<WorkerRegistration> workers = registered();
		if (workers.isEmpty()) {
			return null;
		}
		List<String> records = records(workers);
		for (int i = 0; records != null && i < workers.size(); i++) {
			String record = records.get(i);
			if (record != null && jobId.equals(JobIds.ofRecord(record))) {
				return readWorkingOn(record, workers.get(i));
			}
		}
		return null;
	}

	/** The working-on records of the workers, in their order, in one round trip. */
	private @Nullable List<String> records(List<WorkerRegistration> workers) {
		return this.calls.call("read workers", () -> this.calls.redis()
			.opsForValue()
			.multiGet(workers.stream().map((worker) -> this.keys.worker(worker.id())).toList()));
	}

	private @Nullable WorkingOn readWorkingOn(String record, WorkerRegistration worker) {
		try {
			return this.codec.decodeWorkingOn(record, worker.name());
		}
		catch (InvalidPayloadException ex) {
			log.warn("Worker {} has an unreadable working-on record: {}", worker.id(), ex.getMessage());
			return null;
		}
	}

}
