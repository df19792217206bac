package dev.resque.core.codec;

/**
 * Which peer's bytes this library writes on a namespace; it always reads both. node-resque and Ruby Resque agree
 * on keys but not on every byte, and lookups by value (Ruby's {@code Job.destroy}, resque-scheduler's
 * {@code remove_delayed}, duplicate detection) match bytes.
 */
public enum WireDialect {

	/**
	 * node-resque's: queued and delayed payloads {@code {"class","queue","args"}}, numbers as
	 * {@code JSON.stringify} writes them ({@code 1}, {@code 1e+21}). The default.
	 */
	NODE,

	/**
	 * Ruby Resque's and resque-scheduler's: queued payloads {@code {"class","args"}}, delayed ones
	 * {@code {"class","args","queue"}} (moved to their queue without the {@code queue} field, as resque-scheduler
	 * does), and fractions as Ruby writes floats ({@code 1.0}, {@code 1.0e+21}, {@code -0.0}), so that Ruby reads
	 * a whole double as a Float rather than an Integer.
	 */
	RUBY

}
