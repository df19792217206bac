package dev.resque.core.doctor;

/** The kinds of damage the doctor looks for, each with what it means and what its repair does. */
public enum FindingKind {

	MALFORMED_QUEUE_ENTRY("An entry of a queue is not a job (not JSON, no class, non-UTF-8): a worker would fail it",
			"moves each entry into the failed queue as a failed record holding it, in one step per entry"),

	MALFORMED_DELAYED_ENTRY("An entry of a delayed list is not a job: the scheduler would quarantine it when due",
			"moves each entry into the failed queue as a failed record holding it, in one step per entry"),

	MALFORMED_FAILED_ENTRY("A failed-queue entry is not a failed record: dashboards cannot show or retry it",
			"replaces each with a readable failed record (exception UnreadableFailedEntry) holding its text"),

	ORPHANED_WORKING_ON("A working-on record belongs to no registered worker: its job will never finish",
			"puts its job back at the front of its queue and removes the record"),

	WORKER_WITHOUT_PING("A registered worker has no ping record and no Ruby heartbeat: nothing tells whether it lives",
			"unregisters it; a job it holds goes back to the front of its queue"),

	WORKER_PING_STALE("A registered worker last pinged long ago (5 minutes by default): it is dead, and no scheduler "
			+ "cleaned it (none runs, or none leads)", "unregisters it; a job it held goes back to the front of its queue"),

	LEAKED_LOCK("A lock has no expiry and its own expiry time has passed (or it has none): it blocks its job forever",
			"deletes the lock"),

	QUEUE_WITHOUT_LIST("A queue is in the queues set but has no list: a drained queue, as Resque keeps empty queues "
			+ "listed; a note, unless the name is a typo", "removes the name from the queues set", true),

	LIST_NOT_IN_QUEUES("A queue's list holds jobs but the queue is not in the queues set: '*' workers never see it",
			"adds the queue to the queues set"),

	FOREIGN_DIALECT_PAYLOAD("A queued payload is written in the other dialect (node's or Ruby's key order): readable, "
			+ "but its bytes do not match the ones this namespace writes, so removal by value can miss it",
			"nothing: every worker reads both; it is reported so that the writer can be found", true),

	SCHEDULE_ENTRY_WITHOUT_LIST("A time in the delayed schedule has no delayed list: the scheduler would skip it",
			"removes the time from the schedule"),

	LEADER_LOCK_WITHOUT_EXPIRY("The scheduler's leader lock never expires: if its holder is gone no scheduler leads again",
			"deletes the lock; a live scheduler takes it again at its next poll");

	private final String meaning;

	private final String fix;

	private final boolean note;

	FindingKind(String meaning, String fix) {
		this(meaning, fix, false);
	}

	FindingKind(String meaning, String fix, boolean note) {
		this.meaning = meaning;
		this.fix = fix;
		this.note = note;
	}

	/** Whether it is only worth knowing (a drained queue, a peer's key order), not damage. */
	public boolean isNote() {
		return this.note;
	}

	public String meaning() {
		return this.meaning;
	}

	public String fix() {
		return this.fix;
	}

	/** Whether {@link NamespaceDoctor#repair} changes anything for it. */
	public boolean repairable() {
		return this != FOREIGN_DIALECT_PAYLOAD;
	}

}
