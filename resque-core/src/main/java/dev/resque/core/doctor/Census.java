package dev.resque.core.doctor;

import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.connection.DataType;

import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/**
 * The keys of a namespace the doctor looks into, from one SCAN (never KEYS) sorted by what they are: queue and
 * delayed lists (checked to be lists), ping keys, working-on records and locks.
 *
 * @param keysScanned how many keys the namespace holds
 * @param queueLists {@code queue:<name>} lists
 * @param delayedLists {@code delayed:<seconds>} lists
 * @param pings {@code worker:ping:<name>} keys
 * @param workingOnRecords {@code worker:<id>} records
 * @param locks {@code lock:*} and {@code workerslock:*} keys
 */
record Census(long keysScanned, List<String> queueLists, List<String> delayedLists, List<String> pings,
		List<String> workingOnRecords, List<String> locks) {

	private static final int PAGE = 1_000;

	static Census take(RedisCalls calls, ResqueKeys keys) {
		String queuePrefix = keys.queuePrefix();
		String delayedPrefix = keys.key("delayed") + ":";
		String pingPrefix = keys.key("worker", "ping") + ":";
		String workerPrefix = keys.key("worker") + ":";
		String lockPrefix = keys.key("lock") + ":";
		String jobLockPrefix = keys.key("workerslock") + ":";
		List<String> all = calls.scan("scan namespace", keys.prefix() + "*");
		List<String> queues = new ArrayList<>();
		List<String> delayed = new ArrayList<>();
		List<String> pings = new ArrayList<>();
		List<String> records = new ArrayList<>();
		List<String> locks = new ArrayList<>();
		for (String key : all) {
			if (key.startsWith(queuePrefix)) {
				queues.add(key);
			}
			else if (key.startsWith(delayedPrefix) && key.substring(delayedPrefix.length()).chars().allMatch(Character::isDigit)) {
				delayed.add(key);
			}
			else if (key.startsWith(pingPrefix)) {
				pings.add(key);
			}
			else if (key.startsWith(workerPrefix) && !key.endsWith(":started")) {
				records.add(key);
			}
			else if (key.startsWith(lockPrefix) || key.startsWith(jobLockPrefix)) {
				locks.add(key);
			}
		}
		return new Census(all.size(), listsOnly(calls, queues), listsOnly(calls, delayed), pings, records, locks);
	}

	/** The keys that are lists: another program may keep something else under the same prefix. */
	private static List<String> listsOnly(RedisCalls calls, List<String> candidates) {
		List<String> lists = new ArrayList<>(candidates.size());
		for (int start = 0; start < candidates.size(); start += PAGE) {
			List<String> page = candidates.subList(start, Math.min(candidates.size(), start + PAGE));
			List<Object> types = calls.pipeline("read key types", (ops) -> page.forEach(ops::type));
			for (int i = 0; i < page.size(); i++) {
				if (types.get(i) == DataType.LIST) {
					lists.add(page.get(i));
				}
			}
		}
		return lists;
	}

}
