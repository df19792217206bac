package dev.resque.core.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A job as it lives in Redis: the job's name (the payload's {@code "class"}), its queue and its arguments as
 * plain JSON values ({@code String}, {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double} for a
 * fraction written as {@code JSON.stringify} writes that double, {@code BigDecimal} for any other fraction such as
 * {@code 42.50}, {@code Boolean}, {@code List}, {@code Map} and {@code null}).
 *
 * @param name the job name, matched against {@code @ResqueJob} names by workers of every language
 * @param queue the queue the job is (or will be) on
 * @param args the arguments, bound by position to the job's {@code perform} parameters
 */
public record Job(String name, String queue, List<Object> args) {

	public Job {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(queue, "queue");
		args = (args != null) ? Collections.unmodifiableList(new ArrayList<>(args)) : List.of();
	}

	public static Job of(String queue, String name, Object... args) {
		return new Job(name, queue, List.of(args));
	}

}
