package dev.resque.autoconfigure.endpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.resque.autoconfigure.ResqueShard;
import dev.resque.autoconfigure.ResqueShards;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.admin.ScheduleView;
import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.doctor.FindingKind;
import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.JobStatus;
import dev.resque.core.queue.StoredSchedule;
import dev.resque.core.scheduler.DynamicSchedules;
import dev.resque.core.scheduler.RecurringJob;
import dev.resque.core.scheduler.ResqueScheduler;

/**
 * The {@code resque} actuator endpoint: queues, workers, failed, delayed, schedules and stats to read; retrying,
 * removing and clearing to write. Write operations are off unless {@code management.endpoint.resque.access} is
 * {@code unrestricted}. Failed entries are addressed by their index in the failed queue, never by a Redis key.
 */
@Endpoint(id = "resque", defaultAccess = Access.READ_ONLY)
public class ResqueEndpoint {

	private static final int PAGE = 100;

	private final ResqueAdmin admin;

	private final @Nullable ResqueScheduler scheduler;

	private final JobCodec codec;

	/** With {@code resque.shards.*}: every shard, to act on the one a queue lives on. */
	private @Nullable ResqueShards shards;

	public ResqueEndpoint(ResqueAdmin admin, @Nullable ResqueScheduler scheduler) {
		this(admin, scheduler, new JobCodec());
	}

	public ResqueEndpoint(ResqueAdmin admin, @Nullable ResqueScheduler scheduler, JobCodec codec) {
		this.admin = admin;
		this.scheduler = scheduler;
		this.codec = codec;
	}

	/**
	 * With {@code resque.shards.*}: the actions that name a queue act on the shard it lives on, and the
	 * {@code shards} section tells each shard.
	 */
	public void setShards(ResqueShards shards) {
		this.shards = shards;
	}

	private ResqueAdmin adminOfQueue(String queue) {
		return (this.shards != null) ? this.shards.shardOf(queue).admin() : this.admin;
	}

	/** An overview: queue lengths, failed and delayed counts, workers and stats. */
	@ReadOperation
	public Map<String, Object> overview() {
		return overview(this.admin);
	}

	private static Map<String, Object> overview(ResqueAdmin admin) {
		Map<String, Object> overview = new LinkedHashMap<>();
		overview.put("queues", admin.queues().lengths());
		overview.put("pausedQueues", admin.queues().paused());
		overview.put("failed", admin.failures().count());
		overview.put("delayedTimestamps", admin.delayed().timestamps().size());
		overview.put("workers", admin.workers().registered().size());
		overview.put("leader", admin.leader().orElse(null));
		overview.put("stats", admin.stats());
		return overview;
	}

	/**
	 * The overview of each shard, the application's own Redis as {@code default}, and the jobs it still holds of
	 * queues that live on another shard ({@code stranded}).
	 */
	private Map<String, Object> shards() {
		Map<String, Object> shards = new LinkedHashMap<>();
		Map<String, Object> own = overview(this.admin);
		shards.put(ResqueShards.DEFAULT, own);
		if (this.shards != null) {
			own.put("stranded", this.shards.stranded());
			this.shards.others().forEach((shard) -> shards.put(shard.name(), overview(shard.admin())));
		}
		return shards;
	}

	private Map<String, Object> moveStranded(@Nullable String queue) {
		if (this.shards == null || this.shards.shardOf(named(queue)).isDefault()) {
			throw invalid("Queue " + queue + " lives on no shard of its own");
		}
		return Map.of("queue", queue, "moved", this.shards.moveStranded(queue), "shard",
				this.shards.shardOf(queue).name());
	}

	/**
	 * One part: {@code queues}, {@code workers}, {@code failed}, {@code delayed}, {@code schedules}, {@code stats}
	 * or {@code history} (the latest ended jobs).
	 */
	@ReadOperation
	public Object section(@Selector String section) {
		return switch (section) {
			case "queues" -> queues();
			case "workers" -> this.admin.workers().statuses();
			case "failed" -> failedPage(0);
			case "delayed" -> this.admin.delayed().all();
			case "schedules" -> schedules();
			case "stats" -> this.admin.stats();
			case "history" -> Map.of("total", this.admin.jobs().historySize(), "jobs", this.admin.jobs().history(0, PAGE));
			case "doctor" -> this.admin.doctor().examine();
			case "shards" -> shards();
			default -> throw invalid("Unknown section \"" + section
					+ "\"; use queues, workers, failed, delayed, schedules, stats, history, doctor or shards");
		};
	}

	/** A job's status by its id: {@code /actuator/resque/jobs/<id>}; 404 when there is none. */
	@ReadOperation
	public @Nullable JobStatus job(@Selector String section, @Selector String id) {
		if (!section.equals("jobs")) {
			throw invalid("Unknown section \"" + section + "\"; use jobs/<id>");
		}
		if (!JobIds.isId(id)) {
			throw invalid("Not a job id (24 lowercase hex digits): " + id);
		}
		// null is answered with 404 Not Found
		return this.admin.jobs().status(id).orElse(null);
	}

	/**
	 * Acts on the failed queue or a queue: {@code retry} or {@code remove} the failed entry at {@code index},
	 * {@code retry-all} failed entries, {@code clear-queue}, {@code pause-queue} or {@code resume-queue} the queue
	 * named {@code queue}.
	 */
	public Map<String, Object> act(String action, @Nullable Integer index, @Nullable String queue) {
		return act(action, index, queue, null, null, null, null, null, null);
	}

	/**
	 * Acts on the failed queue, a queue or a schedule: {@code retry} or {@code remove} the failed entry at
	 * {@code index}, {@code retry-all} failed entries, {@code clear-queue}, {@code pause-queue} or
	 * {@code resume-queue} the queue named {@code queue} (on the shard it lives on), {@code move-stranded} its jobs
	 * that the application's own Redis holds to its shard; {@code add-schedule} (named {@code schedule}, firing
	 * {@code job} on {@code queue} with {@code args}, a JSON array, by {@code cron} or {@code every}, as
	 * resque-scheduler writes them), {@code pause-schedule}, {@code resume-schedule} or {@code remove-schedule};
	 * {@code doctor-repair} repairs the doctor's {@code finding} of that kind ({@code GET .../doctor} lists them).
	 */
	@WriteOperation
	public Map<String, Object> act(@Selector String action, @Nullable Integer index, @Nullable String queue,
			@Nullable String schedule, @Nullable String job, @Nullable String cron, @Nullable String every,
			@Nullable String args, @Nullable String finding) {
		return switch (action) {
			case "doctor-repair" -> repair(finding);
			case "add-schedule" -> addSchedule(schedule, job, queue, cron, every, args);
			case "pause-schedule" -> Map.of("schedule", named(schedule, "schedule"), "paused",
					adminOfSchedule(named(schedule, "schedule")).schedules().pause(schedule));
			case "resume-schedule" -> Map.of("schedule", named(schedule, "schedule"), "resumed",
					adminOfSchedule(named(schedule, "schedule")).schedules().resume(schedule));
			case "remove-schedule" -> Map.of("schedule", named(schedule, "schedule"), "removed",
					adminOfSchedule(named(schedule, "schedule")).schedules().remove(schedule));
			case "retry" -> Map.of("retried", this.admin.failures().retry(failedAt(index)));
			case "remove" -> Map.of("removed", this.admin.failures().remove(failedAt(index)) > 0);
			case "retry-all" -> Map.of("retried", this.admin.failures().retryAll());
			case "clear-queue" -> clearQueue(queue);
			case "move-stranded" -> moveStranded(queue);
			case "pause-queue" -> Map.of("queue", named(queue), "paused",
					adminOfQueue(named(queue)).queues().pause(named(queue)));
			case "resume-queue" -> Map.of("queue", named(queue), "resumed",
					adminOfQueue(named(queue)).queues().resume(named(queue)));
			default -> throw invalid("Unknown action \"" + action + "\"; use retry, remove, retry-all, clear-queue, "
					+ "pause-queue, resume-queue, move-stranded, add-schedule, pause-schedule, resume-schedule, "
					+ "remove-schedule or doctor-repair");
		};
	}

	/**
	 * The admin of the shard that keeps a dynamic schedule (the one of its queue); the application's own for a
	 * configured schedule, whose pause is kept there.
	 */
	private ResqueAdmin adminOfSchedule(String name) {
		if (this.shards != null) {
			for (ResqueShard shard : this.shards.others()) {
				if (shard.admin().schedules().dynamic().stream().anyMatch((stored) -> stored.name().equals(name))) {
					return shard.admin();
				}
			}
		}
		return this.admin;
	}

	/** Answered with 400 Bad Request over HTTP. */
	private static InvalidEndpointRequestException invalid(String message) {
		return new InvalidEndpointRequestException(message, message);
	}

	private Map<String, Object> repair(@Nullable String finding) {
		FindingKind kind;
		try {
			kind = FindingKind.valueOf(named(finding, "finding").toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("Unknown finding " + finding + "; one of " + java.util.Arrays.toString(FindingKind.values()));
		}
		return Map.of("finding", kind, "repaired", this.admin.doctor().repair(kind));
	}

	private Map<String, Long> queues() {
		return this.admin.queues().lengths();
	}

	private Map<String, Object> failedPage(int start) {
		List<FailedJob> failed = this.admin.failures().range(start, start + PAGE - 1);
		return Map.of("total", this.admin.failures().count(), "start", start, "jobs", failed);
	}

	/** The configured schedules and the dynamic ones, each with where it comes from and whether it is paused. */
	private List<Map<String, Object>> schedules() {
		Instant now = Instant.now();
		List<RecurringJob> configured = (this.scheduler != null) ? this.scheduler.schedules() : List.of();
		List<Map<String, Object>> rows = new ArrayList<>();
		for (ScheduleView.Listed listed : this.admin.schedules().listed(configured)) {
			RecurringJob schedule = listed.schedule();
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("name", schedule.name());
			row.put("job", schedule.job());
			row.put("cron", (schedule.cron() != null) ? schedule.cron().toString() : null);
			row.put("every", schedule.every());
			row.put("zone", schedule.zone().getId());
			row.put("source", listed.source());
			row.put("paused", listed.paused());
			row.put("nextFiring", schedule.nextFiring(now).orElse(null));
			rows.add(row);
		}
		return rows;
	}

	private FailedJob failedAt(@Nullable Integer index) {
		if (index == null || index < 0) {
			throw invalid("An index of the failed queue (0 or more) is required");
		}
		return this.admin.failures().at(index)
			.orElseThrow(() -> invalid("The failed queue has no entry at index " + index));
	}

	/** A queue may be paused before any job reached it: any name will do, a blank one will not. */
	private static String named(@Nullable String queue) {
		return named(queue, "queue");
	}

	private static String named(@Nullable String name, String what) {
		if (name == null || name.isBlank()) {
			throw invalid("A " + what + " name is required");
		}
		return name;
	}

	private Map<String, Object> addSchedule(@Nullable String schedule, @Nullable String job, @Nullable String queue,
			@Nullable String cron, @Nullable String every, @Nullable String args) {
		String name = named(schedule, "schedule");
		StoredSchedule stored;
		try {
			List<Object> arguments = (args == null || args.isBlank()) ? List.of() : this.codec.decodeArguments(args);
			stored = new StoredSchedule(name, new Job(named(job, "job"), named(queue, "queue"), arguments),
					blankToNull(cron), blankToNull(every), "");
			RecurringJob recurring = DynamicSchedules.recurring(stored);
			// kept with its queue, so that the scheduler of the queue's shard fires it there
			adminOfQueue(stored.job().queue()).schedules().put(recurring);
			return Map.of("schedule", name, "added", true, "nextFiring",
					recurring.nextFiring(Instant.now()).map(Object::toString).orElse(""));
		}
		catch (InvalidPayloadException | IllegalArgumentException ex) {
			throw invalid("Schedule " + name + " cannot be added: " + ex.getMessage());
		}
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	private Map<String, Object> clearQueue(@Nullable String queue) {
		ResqueAdmin admin = adminOfQueue(named(queue));
		if (!admin.queues().names().contains(queue)) {
			throw invalid("A known queue name is required, one of " + admin.queues().names());
		}
		long length = admin.queues().length(queue);
		admin.queues().delete(queue);
		return Map.of("queue", queue, "cleared", length);
	}

}
