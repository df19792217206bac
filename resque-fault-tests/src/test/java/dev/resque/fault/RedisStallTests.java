package dev.resque.fault;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stalls (SIGSTOP) for longer than the client's command timeout in the middle of a drain: the client gives
 * up on calls that Redis still runs when it wakes up, and the worker calls again. Every job must run, none may
 * vanish.
 */
class RedisStallTests extends FaultTestSupport {

	@Test
	void aStallLongerThanTheCommandTimeoutLosesNoJob() {
		JobLedger ledger = drainWithOneWorker(this, 300, 20);
		for (int stall = 1; stall <= 2; stall++) {
			long before = ledger.completed();
			await().atMost(Duration.ofSeconds(30)).until(() -> ledger.completed() >= before + 40);
			this.server.pause();
			await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
			this.server.resume();
		}
		await().atMost(Duration.ofSeconds(60)).until(ledger::allRan);
		assertDrained(this, ledger, 2);
	}

	/** One worker thread, a command timeout of one second, jobs of a few milliseconds that do not use Redis. */
	static JobLedger drainWithOneWorker(FaultTestSupport test, int jobs, long millis) {
		JobLedger ledger = new JobLedger(test.resque, "job-", jobs, test.job);
		ledger.enqueueAll(millis);
		test.startWorkers(1, Duration.ofMillis(500));
		return ledger;
	}

	static void assertDrained(FaultTestSupport test, JobLedger ledger, int faults) {
		// one worker holds at most one job at a fault: that one may run twice
		ledger.assertEveryJobRanAtLeastOnce(faults);
		assertThat(test.admin.queues().length("q")).isZero();
		assertThat(test.admin.failures().count()).isZero();
		assertThat(test.admin.workers().statuses()).allSatisfy((status) -> assertThat(status.workingOn()).isNull());
		assertThat(test.admin.workers().registered()).extracting((worker) -> worker.name())
			.containsExactlyElementsOf(test.container.workerNames());
	}

}
