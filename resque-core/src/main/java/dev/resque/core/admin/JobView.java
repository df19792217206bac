package dev.resque.core.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.resque.core.codec.JobIds;
import dev.resque.core.queue.BatchStatus;
import dev.resque.core.queue.JobStatus;
import dev.resque.core.queue.JobStatus.State;
import dev.resque.core.queue.WorkingOn;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/**
 * Tracked jobs by id: their statuses ({@code <ns>:job:<id>} hashes, written by the scripts that move the jobs;
 * a job is running while a worker's working-on record holds it) and the history of those that ended, newest first.
 * Reads only.
 */
public final class JobView {

	/** The most statuses one history call reads. */
	public static final int MAX_PAGE = 1_000;

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final WorkerView workers;

	JobView(RedisCalls calls, ResqueKeys keys, WorkerView workers) {
		this.calls = calls;
		this.keys = keys;
		this.workers = workers;
	}

	/**
	 * A job's status; empty for an id that was never tracked here, or whose status outlived its retention.
	 * @throws IllegalArgumentException when the text is not a job id
	 */
	public Optional<JobStatus> status(String id) {
		if (!JobIds.isId(id)) {
			throw new IllegalArgumentException("Not a job id (24 lowercase hex digits): " + id);
		}
		Map<Object, Object> fields = this.calls.call("read job status",
				() -> this.calls.redis().opsForHash().entries(this.keys.job(id)));
		JobStatus status = read(id, fields);
		if (status == null || status.isEnded() || status.state() == State.DELAYED) {
			return Optional.ofNullable(status);
		}
		// taking a job writes no status: a job a worker holds is running there, since its record was written
		WorkingOn running = this.workers.holding(id);
		if (running == null) {
			return Optional.of(status);
		}
		return Optional.of(new JobStatus(id, State.RUNNING, status.jobName(), status.queue(), status.attempts() + 1,
				status.requeued(), status.enqueuedAt(), status.runAt(), running.worker(), running.runAt(), null,
				status.lastError(), status.progress(), status.progressMessage(), status.batchId(), status.superseded()));
	}

	/**
	 * A batch's status; empty for an id never used here, or a batch whose status outlived its retention (it is kept
	 * for the history's retention once complete).
	 * @throws IllegalArgumentException when the text is not a batch id
	 */
	public Optional<BatchStatus> batch(String id) {
		if (!JobIds.isId(id)) {
			throw new IllegalArgumentException("Not a batch id (24 lowercase hex digits): " + id);
		}
		Map<Object, Object> fields = this.calls.call("read batch status",
				() -> this.calls.redis().opsForHash().entries(this.keys.batch(id)));
		if (fields == null || fields.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new BatchStatus(id, orEmpty(text(fields, "description")), number(fields, "total"),
				number(fields, "pending"), number(fields, "succeeded"), number(fields, "failed"),
				"1".equals(text(fields, "sealed")), instant(fields, "created_at"), instant(fields, "complete_fired"),
				instant(fields, "success_fired"), blankToNull(text(fields, "on_complete_id")),
				blankToNull(text(fields, "on_success_id"))));
	}

	/**
	 * The batches whose status is still kept, newest first, at most {@code limit}: found by SCAN (a batch is kept
	 * for the history's retention once complete, so there are few), then one read each.
	 */
	public List<BatchStatus> batches(int limit) {
		String prefix = this.keys.batchPrefix();
		List<String> ids = this.calls.scan("list batches", prefix + "*")
			.stream()
			.map((key) -> key.substring(prefix.length()))
			.filter(JobIds::isId)
			.toList();
		List<BatchStatus> batches = new ArrayList<>();
		for (String id : ids) {
			batch(id).ifPresent(batches::add);
		}
		batches.sort(Comparator.comparing(BatchStatus::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
		return List.copyOf(batches.subList(0, Math.min(limit, batches.size())));
	}

	/** How many ended jobs the history holds. */
	public long historySize() {
		Long size = this.calls.call("read job history", () -> this.calls.redis().opsForZSet().zCard(this.keys.history()));
		return RedisCalls.orZero(size);
	}

	/**
	 * Ended jobs, newest first, from {@code start} for at most {@code count} ({@value #MAX_PAGE} at most): one read
	 * of the history and one pipeline of statuses.
	 */
	public List<JobStatus> history(long start, int count) {
		if (count <= 0 || count > MAX_PAGE) {
			throw new IllegalArgumentException("A history page holds 1 to " + MAX_PAGE + " jobs, not " + count);
		}
		Set<String> ids = this.calls.call("read job history",
				() -> this.calls.redis().opsForZSet().reverseRange(this.keys.history(), start, start + count - 1));
		List<String> ordered = new ArrayList<>(RedisCalls.orEmpty(ids));
		if (ordered.isEmpty()) {
			return List.of();
		}
		List<Object> replies = this.calls.pipeline("read job statuses",
				(ops) -> ordered.forEach((id) -> ops.opsForHash().entries(this.keys.job(id))));
		List<JobStatus> statuses = new ArrayList<>(ordered.size());
		for (int i = 0; i < ordered.size(); i++) {
			@SuppressWarnings("unchecked")
			Map<Object, Object> fields = (replies.get(i) instanceof Map<?, ?> map) ? (Map<Object, Object>) map : Map.of();
			JobStatus status = read(ordered.get(i), fields);
			if (status != null) {
				statuses.add(status);
			}
		}
		return statuses;
	}

	private static @Nullable JobStatus read(String id, Map<Object, Object> fields) {
		if (fields == null || fields.isEmpty()) {
			return null;
		}
		String progress = text(fields, "progress");
		return new JobStatus(id, State.ofWire(text(fields, "state")), orEmpty(text(fields, "class")),
				orEmpty(text(fields, "queue")), number(fields, "attempts"), number(fields, "requeued"),
				instant(fields, "enqueued_at"), instant(fields, "run_at"), blankToNull(text(fields, "worker")),
				instant(fields, "started_at"), instant(fields, "finished_at"), blankToNull(text(fields, "error")),
				(progress != null && progress.matches("\\d{1,3}")) ? Integer.valueOf(progress) : null,
				blankToNull(text(fields, "progress_message")), blankToNull(text(fields, "batch")), number(fields, "superseded"));
	}

	private static @Nullable String text(Map<Object, Object> fields, String name) {
		Object value = fields.get(name);
		return (value != null) ? value.toString() : null;
	}

	private static String orEmpty(@Nullable String text) {
		return (text != null) ? text : "";
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

	private static long number(Map<Object, Object> fields, String name) {
		String text = text(fields, name);
		try {
			return (text != null) ? Long.parseLong(text) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static @Nullable Instant instant(Map<Object, Object> fields, String name) {
		String text = text(fields, name);
		try {
			return (text != null && !text.isEmpty()) ? Instant.ofEpochMilli(Long.parseLong(text)) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
