package dev.resque.fault;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.resque.test.redis.RedisServerProcess;

import static org.awaitility.Awaitility.await;

/** Redis killed (SIGKILL) and restarted from its append-only file in the middle of a drain: every job runs. */
class RedisRestartTests extends FaultTestSupport {

	@Override
	RedisServerProcess startServer() {
		return RedisServerProcess.startOnFreePortWithAof();
	}

	@Test
	void redisKilledAndRestartedFromItsAppendOnlyFileLosesNoJob() {
		JobLedger ledger = RedisStallTests.drainWithOneWorker(this, 300, 20);
		for (int kill = 1; kill <= 2; kill++) {
			long before = ledger.completed();
			await().atMost(Duration.ofSeconds(30)).until(() -> ledger.completed() >= before + 40);
			this.server.stop();
			await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> true);
			this.server.start();
		}
		await().atMost(Duration.ofSeconds(60)).until(ledger::allRan);
		RedisStallTests.assertDrained(this, ledger, 2);
	}

}
