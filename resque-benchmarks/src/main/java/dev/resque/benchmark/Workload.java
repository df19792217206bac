package dev.resque.benchmark;

/** Something measured: runs once in a fresh namespace and reports its figures. */
interface Workload {

	RunResult run(BenchmarkRun run) throws Exception;

}
