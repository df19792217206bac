package dev.resque.core.codec;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed records exactly as Ruby Resque 3.0 wrote them from workers in five zones (the shared fixtures
 * {@code 03-failed-*}): Ruby prints the zone as its abbreviation, or as a bare offset where the zone has none.
 */
class RubyFailedRecordsTests {

	private final JobCodec codec = new JobCodec();

	@Test
	void failedAtIsReadInEveryZoneRubyWrites() {
		assertFailedAt("2026/12/01 14:26:19 -03", "vm:18953:boom", "2026-12-01T17:26:19Z");
		assertFailedAt("2026/12/01 21:26:26 +04", "vm:18974:boom", "2026-12-01T17:26:26Z");
		assertFailedAt("2026/12/01 22:56:39 IST", "vm:18997:boom", "2026-12-01T17:26:39Z");
		assertFailedAt("2026/12/01 18:26:32 CET", "vm:18986:boom", "2026-12-01T17:26:32Z");
		assertFailedAt("2026/12/01 17:26:13 UTC", "vm:18942:boom", "2026-12-01T17:26:13Z");
	}

	private void assertFailedAt(String failedAt, String worker, String expected) {
		String record = "{\"failed_at\":\"" + failedAt + "\",\"payload\":{\"class\":\"Boom\",\"args\":[1,2]},"
				+ "\"exception\":\"RuntimeError\",\"error\":\"boom\",\"backtrace\":[\"app/jobs.rb:11:in `perform'\"],"
				+ "\"worker\":\"" + worker + "\",\"queue\":\"boom\"}";
		FailedJob failed = this.codec.decodeFailure(record);
		assertThat(failed.failedAt()).as(failedAt).isEqualTo(Instant.parse(expected));
		assertThat(failed.payload()).isEqualTo(new Job("Boom", "boom", List.of(1, 2)));
		assertThat(failed.worker()).isEqualTo(worker);
		assertThat(failed.exception()).isEqualTo("RuntimeError");
		assertThat(failed.backtrace()).containsExactly("app/jobs.rb:11:in `perform'");
	}

}
