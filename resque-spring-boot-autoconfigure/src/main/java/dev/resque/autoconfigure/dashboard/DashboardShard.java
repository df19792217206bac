package dev.resque.autoconfigure.dashboard;

import java.util.List;

/**
 * What the dashboard shows of one shard: its API and the failure and job views it reads.
 *
 * @param name the shard's name
 * @param queues the queues configured to live there (none for the default shard, which holds the others)
 */
record DashboardShard(String name, List<String> queues, DashboardApi api, DashboardFailures failures,
		DashboardJobs jobs) {

}
