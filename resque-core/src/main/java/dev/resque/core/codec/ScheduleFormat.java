package dev.resque.core.codec;

import tools.jackson.databind.JsonNode;

import dev.resque.core.job.Job;
import dev.resque.core.queue.StoredSchedule;

import static dev.resque.core.codec.JsonReader.abbreviate;

/**
 * resque-scheduler's dynamic schedules: {@code {"cron" or "every", "class", "args", "queue", "description"}} as
 * {@code Resque.set_schedule(name, config, persist: true)} stores them in {@code persistent_schedules}.
 */
final class ScheduleFormat {

	private final JsonReader json;

	private final PayloadWriter writer;

	ScheduleFormat(JsonReader json, PayloadWriter writer) {
		this.json = json;
		this.writer = writer;
	}

	/** The schedule in resque-scheduler's key order: the timing first, then the job. */
	String encode(StoredSchedule schedule) {
		StringBuilder out = new StringBuilder(96).append('{');
		if (schedule.cron() != null) {
			out.append("\"cron\":");
			JsonStrings.append(out, schedule.cron());
		}
		else {
			out.append("\"every\":");
			JsonStrings.append(out, String.valueOf(schedule.every()));
		}
		out.append(",\"class\":");
		JsonStrings.append(out, schedule.job().name());
		out.append(",\"args\":").append(this.writer.write(schedule.job().args()));
		out.append(",\"queue\":");
		JsonStrings.append(out, schedule.job().queue());
		if (!schedule.description().isEmpty()) {
			out.append(",\"description\":");
			JsonStrings.append(out, schedule.description());
		}
		return out.append('}').toString();
	}

	/**
	 * A stored schedule; {@code every} may be rufus-scheduler's {@code ["1m", {options}]} (the options are not
	 * used).
	 * @throws InvalidPayloadException when it is no schedule: not JSON, no class, no queue, neither cron nor every
	 */
	StoredSchedule decode(String name, String text) {
		JsonNode node = this.json.exactTree(text);
		if (!node.isObject()) {
			throw new InvalidPayloadException("Schedule " + name + " is not a JSON object: " + abbreviate(text));
		}
		Job job = PayloadReader.fromTree(node, text, null);
		String cron = timing(node.get("cron"));
		String every = timing(node.get("every"));
		if ((cron == null) == (every == null)) {
			throw new InvalidPayloadException(
					"Schedule " + name + " needs either \"cron\" or \"every\": " + abbreviate(text));
		}
		return new StoredSchedule(name, job, cron, every, PayloadReader.text(node, "description"));
	}

	private static @org.jspecify.annotations.Nullable String timing(@org.jspecify.annotations.Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isArray() && !node.isEmpty() && node.get(0).isString()) {
			return node.get(0).asString();
		}
		return node.isString() ? node.asString() : null;
	}

}
