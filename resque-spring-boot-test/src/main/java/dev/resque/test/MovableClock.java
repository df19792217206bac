package dev.resque.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system's clock moved on by hand: the fake mode's time, for delayed jobs, retries and lock expiries. */
final class MovableClock extends Clock {

	private volatile Duration offset = Duration.ZERO;

	void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("The fake's clock only moves forward, not by " + duration);
		}
		this.offset = this.offset.plus(duration);
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("The fake's clock keeps UTC");
	}

}
