package dev.resque.core.codec;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResqueDatesTests {

	private static final Instant AT = Instant.parse("2026-11-28T23:34:19Z");

	@Test
	void writesRubyForms() {
		assertThat(ResqueDates.formatFailedAt(AT.plusMillis(900))).isEqualTo("2026/11/28 23:34:19 UTC");
		assertThat(ResqueDates.formatRunAt(AT.plusMillis(900))).isEqualTo("2026-11-28T23:34:19Z");
		// 04-worker-busy: the heartbeat Ruby writes
		assertThat(ResqueDates.formatHeartbeat(AT.plusMillis(900))).isEqualTo("2026-11-28T23:34:19+00:00");
	}

	@Test
	void readsEveryFormThePeersWrite() {
		assertThat(ResqueDates.parse("2026/11/28 23:34:19 UTC")).contains(AT);
		assertThat(ResqueDates.parse("2026/11/28 18:34:19 EST")).contains(AT);
		assertThat(ResqueDates.parse("2026/11/28 23:34:19 +0000")).contains(AT);
		assertThat(ResqueDates.parse("2026/11/28 23:34:19")).contains(AT);
		assertThat(ResqueDates.parse("2026-11-28T23:34:19Z")).contains(AT);
		assertThat(ResqueDates.parse("2026-11-28T23:34:19+00:00")).contains(AT);
		assertThat(ResqueDates.parse("2026-11-29T00:34:19.000+01:00")).contains(AT);
		assertThat(ResqueDates.parse("2026-11-28 18:34:19 -0500")).contains(AT);
		assertThat(ResqueDates.parse("2026-11-28 23:34:19")).contains(AT);
		assertThat(ResqueDates.parse("2026-11-28T18:34:19.000-0500")).contains(AT);
		assertThat(ResqueDates.parse("Sat Nov 28 2026 23:34:19 GMT+0000 (Coordinated Universal Time)")).contains(AT);
		assertThat(ResqueDates.parse("Sun Nov 29 2026 00:34:19 GMT+0100 (Central European Standard Time)")).contains(AT);
		assertThat(ResqueDates.parse(Long.toString(AT.getEpochSecond()))).contains(AT);
		assertThat(ResqueDates.parse(Long.toString(AT.toEpochMilli()))).contains(AT);
	}

	@Test
	void unknownFormsAreEmpty() {
		assertThat(ResqueDates.parse("yesterday")).isEmpty();
		assertThat(ResqueDates.parse("")).isEmpty();
		assertThat(ResqueDates.parse(null)).isEmpty();
	}

}
