# The benchmark workloads on Sidekiq (Debian's ruby-sidekiq 6.4.1), against the same Redis as the other sides,
# printing the same lines:
#   ruby bench.rb --redis redis://127.0.0.1:6379/7 --workload drain --jobs 20000 --workers 4 [--warmup 1] [--runs 3]
#     [--rate 200] [--redis-stats]
#   RESULT impl=sidekiq workload=drain jobs=20000 workers=4 jobs_per_s=... seconds=...
# Sidekiq has no namespace: it works in one database of the server (7 unless the URL names another), and every
# key of that database is deleted after each run. Point it at a server of its own, as run-benchmarks.sh does.
# Workloads: enqueue (perform_async, one after the other), enqueue-batch (one push_bulk, 1,000 jobs a push),
# drain (a Launcher of K processor threads, Sidekiq's BRPOP fetch), latency (one job every 1/rate s to an idle
# launcher), delayed (jobs scheduled at 1,000 past seconds, moved by Sidekiq's own scheduled-set enqueuer).
require "logger"
require "sidekiq"
require "sidekiq/launcher"
require "sidekiq/scheduled"

QUEUE = "bench"
TIMESTAMPS = 1000
SETTLE = 0.5

def parse_options(argv)
  options = { redis: "redis://127.0.0.1:6379/7", jobs: 20_000, workers: 1, warmups: 1, runs: 3, rate: 200,
              redis_stats: false }
  args = argv.dup
  until args.empty?
    arg = args.shift
    value = -> { args.shift || raise(ArgumentError, "#{arg} needs a value") }
    case arg
    when "--redis" then options[:redis] = value.call
    when "--workload" then options[:workload] = value.call
    when "--jobs" then options[:jobs] = Integer(value.call)
    when "--workers" then options[:workers] = Integer(value.call)
    when "--warmup" then options[:warmups] = Integer(value.call)
    when "--runs" then options[:runs] = Integer(value.call)
    when "--rate" then options[:rate] = Integer(value.call)
    when "--redis-stats" then options[:redis_stats] = true
    else raise ArgumentError, "Unknown option #{arg}"
    end
  end
  raise ArgumentError, "--workload must be one of #{WORKLOADS.keys.join(", ")}" unless WORKLOADS.key?(options[:workload])
  # a database of its own unless the URL names one
  options[:redis] += "/7" unless options[:redis] =~ %r{redis://[^/]+/\d+}
  options
end

def monotonic
  Process.clock_gettime(Process::CLOCK_MONOTONIC)
end

def process_cpu
  Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)
end

# Counts performs; the monotonic time of the last one is kept.
class Tracker
  def initialize(expected)
    @remaining = expected
    @lock = Mutex.new
    @done = ConditionVariable.new
    @last = nil
  end

  def completed
    @lock.synchronize do
      @remaining -= 1
      if @remaining.zero?
        @last = monotonic
        @done.broadcast
      end
    end
  end

  def await_last(timeout)
    deadline = monotonic + timeout
    @lock.synchronize do
      while @last.nil?
        left = deadline - monotonic
        raise "Only some jobs completed within #{timeout} s (#{@remaining} left)" if left <= 0
        @done.wait(@lock, left)
      end
      @last
    end
  end
end

$tracker = nil
$waits = nil

class NoopJob
  include Sidekiq::Worker

  def perform(_index)
    $tracker.completed
  end
end

class LatencyJob
  include Sidekiq::Worker

  def perform(index, enqueued_at)
    $waits[index] = (monotonic - enqueued_at) * 1000.0
    $tracker.completed
  end
end

def redis_call(&block)
  Sidekiq.redis(&block)
end

# INFO all: commands (those inside scripts and transactions included), requests read, commandstats usec, CPU.
def server_stats
  info = redis_call { |conn| conn.info("all") }
  calls = 0
  usec = 0
  info.each do |name, value|
    next unless name.start_with?("cmdstat_") && name != "cmdstat_info"
    fields = value.split(",").map { |pair| pair.split("=") }.to_h
    calls += fields["calls"].to_i
    usec += fields["usec"].to_i
  end
  { calls: calls, usec: usec, reads: info["total_reads_processed"].to_i,
    cpu: info["used_cpu_user"].to_f + info["used_cpu_sys"].to_f }
end

def per_job(before, after, jobs)
  { "redis_calls_per_job" => (after[:calls] - before[:calls]).to_f / jobs,
    "redis_reads_per_job" => (after[:reads] - before[:reads] - 1).to_f / jobs,
    "redis_usec_per_job" => (after[:usec] - before[:usec]).to_f / jobs,
    "redis_cpu_us_per_job" => (after[:cpu] - before[:cpu]) * 1e6 / jobs }
end

def throughput(jobs, seconds)
  { "jobs_per_s" => jobs / seconds, "seconds" => seconds }
end

def fill(jobs)
  (0...jobs).each_slice(1000) do |slice|
    Sidekiq::Client.push_bulk("class" => NoopJob, "queue" => QUEUE, "args" => slice.map { |i| [i] })
  end
end

def launcher(workers)
  Sidekiq.options[:queues] = [QUEUE]
  Sidekiq.options[:concurrency] = workers
  Sidekiq.options[:timeout] = 5
  Sidekiq.options[:fetch] = nil
  Sidekiq::Launcher.new(Sidekiq.options)
end

def percentiles(samples)
  sorted = samples.sort
  at = ->(p) { sorted[[((p / 100.0) * sorted.size).ceil - 1, 0].max] }
  { "p50_ms" => at.call(50), "p95_ms" => at.call(95), "p99_ms" => at.call(99), "max_ms" => sorted.last }
end

WORKLOADS = {
  "enqueue" => lambda do |run|
    start = monotonic
    run[:jobs].times { |i| NoopJob.set(queue: QUEUE).perform_async(i) }
    throughput(run[:jobs], monotonic - start)
  end,

  "enqueue-batch" => lambda do |run|
    start = monotonic
    # with push_bulk's default batch size (1,000 jobs a push), as an application calls it
    Sidekiq::Client.push_bulk("class" => NoopJob, "queue" => QUEUE, "args" => (0...run[:jobs]).map { |i| [i] })
    throughput(run[:jobs], monotonic - start)
  end,

  "drain" => lambda do |run|
    fill(run[:jobs])
    $tracker = Tracker.new(run[:jobs])
    workers = launcher(run[:options][:workers])
    before = run[:options][:redis_stats] ? server_stats : nil
    cpu_before = process_cpu
    start = monotonic
    begin
      workers.run
      last = $tracker.await_last(60 + run[:jobs] / 500)
    ensure
      workers.stop
    end
    result = throughput(run[:jobs], last - start)
    result["client_cpu_us_per_job"] = (process_cpu - cpu_before) * 1e6 / run[:jobs]
    result.merge!(per_job(before, server_stats, run[:jobs])) if before
    result
  end,

  "latency" => lambda do |run|
    jobs = run[:jobs]
    $waits = Array.new(jobs)
    $tracker = Tracker.new(jobs)
    workers = launcher(run[:options][:workers])
    begin
      workers.run
      sleep SETTLE
      interval = 1.0 / run[:options][:rate]
      start = monotonic
      jobs.times do |i|
        wait = start + i * interval - monotonic
        sleep(wait) if wait.positive?
        LatencyJob.set(queue: QUEUE).perform_async(i, monotonic)
      end
      $tracker.await_last(30)
    ensure
      workers.stop
    end
    { "rate_per_s" => run[:options][:rate] }.merge(percentiles($waits))
  end,

  "delayed" => lambda do |run|
    first = Time.now.to_i - TIMESTAMPS - 1
    (0...run[:jobs]).each_slice(1000) do |slice|
      Sidekiq::Client.push_bulk("class" => NoopJob, "queue" => QUEUE, "args" => slice.map { |i| [i] },
                                "at" => slice.map { |i| first + (i % TIMESTAMPS) })
    end
    start = monotonic
    # what Sidekiq's poller runs each time it wakes: every due job of the schedule onto its queue
    Sidekiq::Scheduled::Enq.new.enqueue_jobs(["schedule"])
    seconds = monotonic - start
    moved = redis_call { |conn| conn.llen("queue:#{QUEUE}") }
    raise "Only #{moved} of #{run[:jobs]} delayed jobs were moved" unless moved == run[:jobs]
    throughput(run[:jobs], seconds)
  end
}.freeze

def format_number(value)
  Kernel.format("%.2f", value)
end

def line(metrics)
  metrics.map { |name, value| "#{name}=#{name.end_with?("_per_s") ? value.round.to_s : format_number(value)}" }
         .join(" ")
end

def median(results)
  results.first.keys.to_h do |name|
    values = results.map { |result| result[name] }.sort
    middle = values.size / 2
    [name, values.size.odd? ? values[middle] : (values[middle - 1] + values[middle]) / 2.0]
  end
end

# every key of the benchmark's database: Sidekiq keeps no namespace
def delete_everything
  redis_call do |conn|
    cursor = "0"
    loop do
      cursor, keys = conn.scan(cursor, count: 1000)
      conn.del(*keys) unless keys.empty?
      break if cursor == "0"
    end
  end
end

def main
  options = parse_options(ARGV)
  Sidekiq.logger.level = Logger::WARN
  # redis-rb 4.8 warns of a change in its 5.0 on every push Sidekiq 6.4 makes
  Redis.silence_deprecations = true if Redis.respond_to?(:silence_deprecations=)
  Sidekiq.redis = { url: options[:redis], size: options[:workers] + 5 }
  uses_workers = options[:workload].start_with?("drain", "latency")
  labels = "impl=sidekiq workload=#{options[:workload]} jobs=#{options[:jobs]}" +
           (uses_workers ? " workers=#{options[:workers]}" : "") + (options[:warmups].zero? ? " phase=cold" : "")
  results = []
  delete_everything
  (options[:warmups] + options[:runs]).times do |i|
    warmup = i < options[:warmups]
    begin
      result = WORKLOADS.fetch(options[:workload]).call({ options: options, jobs: options[:jobs] })
      results << result unless warmup
      puts "#{warmup ? "WARMUP" : "RESULT"} #{labels} #{line(result)}"
      $stdout.flush
    ensure
      delete_everything
    end
  end
  puts "MEDIAN #{labels} runs=#{results.size} #{line(median(results))}"
end

main
