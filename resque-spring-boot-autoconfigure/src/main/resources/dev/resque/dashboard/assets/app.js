// The Resque dashboard: one page per hash (#page/part?filter), its body refreshed every two seconds from the JSON
// API. Controls (search boxes, filters, forms) are drawn once per visit so that a refresh never takes the focus or
// what is typed. Every text from Redis goes through esc(); every action is a POST with the dashboard's header and,
// with Spring Security, the CSRF token; actions name entries by content or id, never by their place in a list.
(function () {
  "use strict";
  var meta = function (name) { var m = document.querySelector('meta[name="' + name + '"]'); return m ? m.content : ""; };
  var base = meta("resque-base");
  var page = document.getElementById("page");
  var controls = document.getElementById("controls");
  var shown = null;
  var selected = {};
  // with resque.shards, every page but the shards table shows one shard, kept in the session
  var shardKey = "resque-shard:" + base;
  var shard = sessionStorage.getItem(shardKey) || "";
  var sharded = false;
  var shardsPending = null;

  function api(path, options) {
    options = options || {};
    var headers = { "Accept": "application/json" };
    if (options.method === "POST") {
      headers["X-Resque-Dashboard"] = "1";
      headers["Content-Type"] = "application/json";
      if (meta("csrf-header")) { headers[meta("csrf-header")] = meta("csrf-token"); }
    }
    if (shard) { path += (path.indexOf("?") >= 0 ? "&" : "?") + "shard=" + encodeURIComponent(shard); }
    return fetch(base + "/api/" + path, { method: options.method || "GET", headers: headers,
      body: options.body ? JSON.stringify(options.body) : undefined, credentials: "same-origin" })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          if (!response.ok) { throw new Error(json.error || json.message || response.statusText || ("HTTP " + response.status)); }
          return json;
        });
      });
  }

  function act(path, body, then) {
    return api(path, { method: "POST", body: body || {} }).then(function (result) {
      say(describe(result), false);
      if (then) { then(result); }
      render();
    }).catch(function (error) { say(error.message, true); });
  }

  function describe(result) {
    return Object.keys(result).map(function (key) {
      var value = result[key];
      return key + ": " + (typeof value === "object" ? JSON.stringify(value) : value);
    }).join(", ");
  }

  function say(text, bad) {
    var box = document.getElementById("message");
    box.textContent = text;
    box.className = bad ? "bad" : "";
    box.style.display = "block";
    clearTimeout(say.timer);
    say.timer = setTimeout(function () { box.style.display = "none"; }, 4000);
  }

  function esc(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function job(j, raw) {
    if (!j) {
      return raw ? "<span class='bad'>Unreadable entry</span><pre class='raw'>" + esc(raw) + "</pre>" : "";
    }
    return "<code class='job'><b>" + esc(j.name) + "</b>(" + esc(JSON.stringify(j.args).slice(1, -1)) + ")</code>";
  }

  function jobLink(id) {
    return id ? " <a class='id' href='#job/" + encodeURIComponent(id) + "'>" + esc(id.slice(0, 8)) + "…</a>" : "";
  }

  function when(value) { return value ? "<time datetime='" + esc(value) + "'>" + esc(new Date(value).toLocaleString()) + "</time>" : ""; }

  function ago(seconds) {
    if (seconds === null || seconds === undefined) { return "<span class='muted'>unknown</span>"; }
    var s = Math.max(0, Math.round(seconds));
    if (s < 60) { return s + " s"; }
    if (s < 3600) { return Math.floor(s / 60) + " min " + (s % 60) + " s"; }
    if (s < 86400) { return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min"; }
    return Math.floor(s / 86400) + " d " + Math.floor((s % 86400) / 3600) + " h";
  }

  function relative(value, now) {
    if (!value) { return ""; }
    var seconds = (new Date(value).getTime() - now) / 1000;
    return (seconds >= 0 ? "in " + ago(seconds) : ago(-seconds) + " ago");
  }

  function bytes(n) {
    if (!n && n !== 0) { return ""; }
    return (n / 1048576).toFixed(0) + " MB";
  }

  function table(headers, rows, cls) {
    return "<div class='scroll'><table" + (cls ? " class='" + cls + "'" : "") + "><thead><tr>" +
      headers.map(function (h) { return "<th scope='col'>" + h + "</th>"; }).join("") +
      "</tr></thead><tbody>" + (rows.length ? rows.join("") : '<tr><td colspan="' + headers.length +
      '" class="muted">Nothing here.</td></tr>') + "</tbody></table></div>";
  }

  function button(label, action, data, danger) {
    return '<button type="button" data-action="' + action + '" data-arg="' + esc(JSON.stringify(data)) + '"' +
      (danger ? ' class="danger"' : "") + ">" + label + "</button>";
  }

  function badge(text, kind) { return "<span class='badge " + (kind || "") + "'>" + esc(text) + "</span>"; }

  function card(label, value, href) {
    var inner = "<span class='muted'>" + label + "</span><b>" + esc(value) + "</b>";
    return href ? "<a class='card' href='" + href + "'>" + inner + "</a>" : "<div class='card'>" + inner + "</div>";
  }

  // A chart of processed and failed jobs per period, as SVG so that it follows the colour scheme.
  function chart(points, label, bars) {
    var width = 900, height = 170, pad = 28;
    var max = Math.max(1, Math.max.apply(null, points.map(function (p) { return Math.max(p.processed, p.failed); })));
    var step = points.length > 1 ? (width - pad) / (points.length - 1) : 0;
    var x = function (i) { return pad + i * step; };
    var y = function (v) { return height - 18 - v * (height - 36) / max; };
    var svg = "<svg class='chart' viewBox='0 0 " + width + " " + height + "' role='img' aria-label='" + esc(label) + "'>" +
      "<text x='0' y='12' class='axis'>" + max + "</text><text x='0' y='" + (height - 18) + "' class='axis'>0</text>" +
      "<line x1='" + pad + "' x2='" + width + "' y1='" + (height - 18) + "' y2='" + (height - 18) + "' class='grid'/>";
    if (bars) {
      var w = Math.max(2, (width - pad) / points.length - 3);
      points.forEach(function (p, i) {
        var bx = pad + i * (width - pad) / points.length;
        svg += "<rect class='processed' x='" + bx + "' y='" + y(p.processed) + "' width='" + w + "' height='" + (height - 18 - y(p.processed)) + "'><title>" +
          esc(p.period + ": " + p.processed + " processed, " + p.failed + " failed") + "</title></rect>";
        svg += "<rect class='failed' x='" + bx + "' y='" + y(p.failed) + "' width='" + w + "' height='" + (height - 18 - y(p.failed)) + "'/>";
      });
    } else {
      ["processed", "failed"].forEach(function (series) {
        svg += "<polyline class='" + series + "' points='" + points.map(function (p, i) { return x(i) + "," + y(p[series]); }).join(" ") + "'/>";
      });
    }
    if (points.length) {
      svg += "<text x='" + pad + "' y='" + (height - 2) + "' class='axis'>" + esc(points[0].period) + "</text>" +
        "<text x='" + width + "' y='" + (height - 2) + "' class='axis' text-anchor='end'>" + esc(points[points.length - 1].period) + "</text>";
    }
    return "<figure><figcaption>" + esc(label) + " <span class='legend processed'>processed</span> <span class='legend failed'>failed</span></figcaption>" + svg + "</svg></figure>";
  }

  function queueRows(queues) {
    return queues.map(function (q) {
      return "<tr><td><a href='#queues/" + encodeURIComponent(q.name) + "'>" + esc(q.name) + "</a>" +
        (q.paused ? " " + badge("paused", "warn") : "") + "</td><td>" + q.length + "</td><td>" +
        (q.length ? ago(q.latencySeconds) : "—") + "</td><td>" + esc(q.limits || "") + "</td><td>" +
        (q.paused ? button("Resume", "resume-queue", { queue: q.name }) : button("Pause", "pause-queue", { queue: q.name })) +
        "</td></tr>";
    });
  }

  // The shards' table, asked for only when there are shards, one request at a time, and never failing the page.
  function shardsInfo() {
    if (!sharded) { return Promise.resolve(null); }
    if (!shardsPending) {
      shardsPending = api("shards").catch(function (error) { return { error: error.message }; })
        .then(function (s) { shardsPending = null; return s; });
    }
    return shardsPending;
  }

  // Every shard's figures and their totals, shown when there is more than one shard.
  function shardsTable(s) {
    if (!s) { return ""; }
    if (s.error) { return "<h2>Shards</h2><p class='bad'>" + esc(s.error) + "</p>"; }
    var row = function (name, x, queues) {
      if (x.error) {
        return "<tr><td>" + name + "</td><td>" + esc(queues) + "</td><td colspan='6' class='bad'>unreachable: " +
          esc(x.error) + "</td></tr>";
      }
      return "<tr><td>" + name + "</td><td>" + esc(queues) + "</td><td>" + esc(x.queued) + "</td><td>" + esc(x.processed) +
        "</td><td>" + esc(x.failedQueue) + "</td><td>" + esc(x.delayed) + "</td><td>" + esc(x.busy) + " / " + esc(x.workers) +
        "</td><td>" + esc(x.leader === undefined ? "" : (x.leader || "none")) + "</td></tr>";
    };
    var rows = s.shards.map(function (x) {
      return row(button(esc(x.name), "pick-shard", { shard: x.name === "default" ? "" : x.name }),
        x, x.queues.length ? x.queues.join(", ") : "every other queue");
    });
    rows.push(row("<b>All shards</b>", s.totals, ""));
    var stranded = Object.keys(s.stranded || {}).map(function (queue) {
      return "<p class='bad'>The application's Redis still holds " + esc(s.stranded[queue]) + " jobs of queue " +
        esc(queue) + ", which lives on another shard. " + button("Move them there", "move-stranded", { queue: queue }) + "</p>";
    }).join("");
    return "<h2>Shards</h2>" + stranded + table(["Shard", "Queues", "Jobs queued", "Processed", "In failed queue",
      "Delayed", "Busy", "Scheduler leader"], rows);
  }

  function picker(shards) {
    var box = document.getElementById("shard");
    sharded = shards.length > 1;
    var names = shards.map(function (x) { return x.name === "default" ? "" : x.name; });
    if (names.indexOf(shard) < 0) { pickShard(""); }
    if (!box || !sharded || box.options.length) { return; }
    shards.forEach(function (x) {
      var option = document.createElement("option");
      option.value = x.name === "default" ? "" : x.name;
      option.textContent = "Shard: " + x.name;
      option.selected = option.value === shard;
      box.appendChild(option);
    });
    box.hidden = false;
  }

  function pickShard(name) {
    shard = name;
    sessionStorage.setItem(shardKey, name);
    var box = document.getElementById("shard");
    if (box) { box.value = name; }
    shown = null;
    render();
  }

  function query(params) {
    var parts = Object.keys(params).filter(function (k) { return params[k]; })
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); });
    return parts.length ? "?" + parts.join("&") : "";
  }

  var pages = {
    overview: {
      body: function () {
        return Promise.all([api("overview"), shardsInfo()]).then(function (both) {
          var o = both[0];
          var cards = card("Processed", o.processed) + card("Failed runs", o.failed) +
            card("In failed queue", o.failedQueue, "#failed") + card("Retrying", o.retries, "#retries") +
            card("Delayed", o.delayed, "#delayed") + card("Busy", o.busy + " / " + o.workers, "#working") +
            card("Scheduler leader", o.leader || "none");
          return "<h2>Overview</h2><div class='cards'>" + cards + "</div>" +
            chart(o.minutes, "Jobs per minute, last 3 hours", false) +
            chart(o.days, "Jobs per day, last 5 weeks", true) +
            "<h2>Queues</h2>" + table(["Queue", "Jobs", "Latency", "Limits", ""], queueRows(o.queues)) +
            shardsTable(both[1]);
        });
      }
    },
    jobs: {
      controls: function (args) {
        return "<form id='search' class='filters' role='search'><label>Find jobs <input name='q' type='search' " +
          "placeholder='job name, argument, error or id' value='" + esc(args.q || "") + "' autocomplete='off'></label>" +
          "<button type='submit'>Search</button></form>";
      },
      body: function (args) {
        if (!args.q) {
          return Promise.all([api("history?count=50"), api("contracts")]).then(function (both) {
            var h = both[0];
            return "<h2>Jobs</h2><p class='muted'>Search across queues, delayed jobs, retries, the failed queue and the " +
              "history by job name, argument text, error, or job id.</p><h2>Recently ended <span class='muted'>(" + h.total + ")</span></h2>" +
              table(["Job", "State", "Queue", "Attempts", "Ended", "Error"], h.jobs.map(historyRow)) +
              "<h2>Contracts <span class='muted'>(" + both[1].length + ")</span></h2>" +
              table(["Job", "Arguments", "Version", ""], both[1].map(contractRow));
          });
        }
        return api("search?q=" + encodeURIComponent(args.q)).then(function (r) {
          return "<h2>Jobs matching “" + esc(r.query) + "” <span class='muted'>(" + r.count + (r.truncated ? ", search limited" : "") + ")</span></h2>" +
            table(["Where", "Queue", "Job", "Detail"], r.results.map(function (x) {
              var d = x.detail || {};
              var detail = x.where === "failed" ? "<b>" + esc(d.exception) + "</b>: " + esc(d.error) :
                x.where === "retries" ? "attempt " + esc(d.attempt) + (d.limit !== null && d.limit !== undefined ? " of " + esc(d.limit) : "") + ": " + esc(d.lastError) :
                x.where === "delayed" ? "due " + when(d.runAt) :
                (x.where === "history" || x.where === "job") ? esc(String(d.state).toLowerCase()) + (d.lastError ? ": " + esc(d.lastError) : "") : "";
              var name = x.job ? job(x.job) : (d.jobName ? "<code class='job'><b>" + esc(d.jobName) + "</b></code>" : job(null, d.raw));
              return "<tr class='result'><td>" + badge(x.where) + "</td><td>" + esc(x.queue) + "</td><td>" + name + jobLink(x.id) + "</td><td>" + detail + "</td></tr>";
            }));
        });
      }
    },
    job: {
      body: function (args, parts) {
        var id = parts[0] || "";
        return api("jobs/" + encodeURIComponent(id)).then(function (j) {
          var s = j.status;
          var state = String(s.state).toLowerCase();
          var entry = j.entry || {};
          var actions = [];
          if (["queued", "delayed", "retrying", "running"].indexOf(state) >= 0) { actions.push(button("Cancel", "cancel-job", { id: s.id }, true)); }
          if (state === "failed" && j.where === "failed") { actions.push(button("Retry", "retry-job", { id: s.id })); }
          if ((state === "delayed" || state === "retrying") && j.entry) { actions.push(button("Run now", "retry-job", { id: s.id })); }
          var timeline = [["Enqueued", s.enqueuedAt], ["Due", s.runAt], ["Started", s.startedAt], ["Finished", s.finishedAt]]
            .filter(function (t) { return t[1]; })
            .sort(function (a, b) { return new Date(a[1]) - new Date(b[1]); })
            .map(function (t) { return "<li><b>" + t[0] + "</b> " + when(t[1]) + "</li>"; }).join("");
          var progress = s.progress !== null && s.progress !== undefined ?
            "<p><progress max='100' value='" + esc(s.progress) + "'></progress> " + esc(s.progress) + "% " + esc(s.progressMessage || "") + "</p>" : "";
          var args = j.entry ? (entry.job ? "<pre>" + esc(JSON.stringify(entry.job.args, null, 2)) + "</pre>" : "<pre class='raw'>" + esc(entry.raw) + "</pre>") :
            "<p class='muted'>Not stored any more: a job's arguments are kept while it waits, runs or sits in the failed queue.</p>";
          var error = entry.exception ? "<h3>Error</h3><p><b>" + esc(entry.exception) + "</b>: " + esc(entry.error) + "</p>" +
            "<details><summary>Backtrace</summary><pre>" + esc((entry.backtrace || []).join("\n")) + "</pre></details>" :
            (s.lastError ? "<h3>Last error</h3><p>" + esc(s.lastError) + "</p>" : "");
          return "<h2>Job <code>" + esc(s.id) + "</code> " + badge(state, state) + "</h2>" +
            "<div class='cards'>" + card("Job", s.jobName) + card("Queue", s.queue) + card("Attempts", s.attempts) +
            card("Requeued", s.requeued) + (s.worker ? card("Worker", s.worker) : "") +
            (s.batchId ? "<a class='card' href='#batches/" + encodeURIComponent(s.batchId) + "'><span class='muted'>Batch</span><b>" + esc(s.batchId.slice(0, 8)) + "…</b></a>" : "") + "</div>" +
            progress + "<p class='actions'>" + actions.join(" ") + "</p><h3>Timeline</h3><ol class='timeline'>" + timeline + "</ol>" +
            "<h3>Arguments</h3>" + args + error;
        });
      }
    },
    queues: {
      body: function (args, parts) {
        var queue = parts[0];
        if (queue) {
          var from = parseInt(args.start || "0", 10) || 0;
          var order = args.order === "newest" ? "newest" : "oldest";
          return api("queues/" + encodeURIComponent(queue) + "?start=" + from + "&count=50&order=" + order).then(function (q) {
            var link = function (o, s) { return "#queues/" + encodeURIComponent(q.queue) + query({ order: o, start: s }); };
            var pager = "<nav class='pager'>" + (from > 0 ? "<a href='" + link(order, Math.max(0, from - 50)) + "'>Previous</a> " : "") +
              (from + 50 < q.total ? "<a href='" + link(order, from + 50) + "'>Next</a>" : "") + "</nav>";
            return "<h2>Queue " + esc(q.queue) + " <span class='muted'>(" + q.total + " jobs)</span> " +
              (q.paused ? badge("paused", "warn") + " " + button("Resume", "resume-queue", { queue: q.queue }) : button("Pause", "pause-queue", { queue: q.queue })) + " " +
              button("Clear queue", "clear-queue", { queue: q.queue }, true) + "</h2>" +
              (q.limits ? "<p class='muted'>Limits: " + esc(q.limits) + "</p>" : "") +
              "<p class='order'>Order: " + (order === "oldest" ? "<b>next to run first</b> · <a href='" + link("newest", 0) + "'>newest first</a>" :
                "<a href='" + link("oldest", 0) + "'>next to run first</a> · <b>newest first</b>") + "</p>" +
              table(["Job", ""], q.jobs.map(function (j) {
                return "<tr class='queued-job'><td>" + job(j.job, j.raw) + jobLink(j.id) + "</td><td>" +
                  (j.job ? button("Delete", "delete-job", { queue: q.queue, name: j.job.name, args: j.job.args }, true) : "") + "</td></tr>"; })) + pager;
          });
        }
        return api("queues").then(function (queues) {
          return "<h2>Queues</h2>" + table(["Queue", "Jobs", "Latency", "Limits", ""], queueRows(queues));
        });
      }
    },
    working: {
      body: function () {
        return api("workers").then(function (w) {
          var now = new Date(w.time).getTime();
          var busy = w.workers.filter(function (x) { return x.job; });
          return "<h2>Working <span class='muted'>(" + busy.length + " of " + w.workers.length + " workers busy)</span></h2>" +
            table(["Worker", "Queue", "Job", "Running for", ""], busy.map(function (x) {
              var progress = x.progress !== null && x.progress !== undefined ? "<br><progress max='100' value='" + esc(x.progress) + "'></progress> " +
                esc(x.progress) + "% <span class='muted'>" + esc(x.progressMessage || "") + "</span>" : "";
              return "<tr class='running-job'><td>" + esc(x.name) + "</td><td>" + esc(x.queue) + "</td><td>" + job(x.job) + jobLink(x.id) + progress + "</td><td title='" +
                esc(x.since) + "'>" + (x.since ? ago((now - new Date(x.since).getTime()) / 1000) : "") + "</td><td>" +
                button("Cancel", "cancel-running", { worker: x.name }, true) + "</td></tr>"; }));
        });
      }
    },
    retries: {
      body: function () {
        return api("retries").then(function (rows) {
          var now = Date.now();
          return "<h2>Retries <span class='muted'>(" + rows.length + ")</span></h2>" +
            table(["Job", "Queue", "Attempt", "Next run", "Last error", ""], rows.map(function (r) {
              var ref = { queue: r.job.queue, name: r.job.name, args: r.job.args };
              return "<tr class='retry-job'><td>" + job(r.job) + jobLink(r.id) + "</td><td>" + esc(r.job.queue) + "</td><td>" + esc(r.attempt) +
                (r.limit !== null && r.limit !== undefined ? " of " + esc(r.limit) : "") + "</td><td>" + when(r.runAt) +
                " <span class='muted'>" + esc(relative(r.runAt, now)) + "</span></td><td>" + esc(r.lastError || "") + "</td><td>" +
                button("Retry now", "retry-now", ref) + " " + button("Discard", "discard-retry", ref, true) + "</td></tr>"; }));
        });
      }
    },
    failed: {
      controls: function (args) {
        return "<form id='failed-filter' class='filters' role='search'>" +
          "<label>Text <input name='q' type='search' value='" + esc(args.q || "") + "' placeholder='job, argument or error'></label>" +
          "<label>Queue <input name='queue' value='" + esc(args.queue || "") + "' size='10'></label>" +
          "<label>Error class <input name='exception' value='" + esc(args.exception || "") + "' size='14'></label>" +
          "<button type='submit'>Filter</button> <a href='#failed'>Clear filter</a></form>";
      },
      body: function (args) {
        var from = parseInt(args.start || "0", 10) || 0;
        var filter = { q: args.q, queue: args.queue, exception: args.exception };
        var filtered = !!(args.q || args.queue || args.exception);
        return api("failed" + query({ start: String(from), count: "20", q: args.q, queue: args.queue, exception: args.exception })).then(function (f) {
          var link = function (s) { var p = Object.assign({}, filter, { start: String(s) }); return "#failed" + query(p); };
          var pager = "<nav class='pager'>" + (from > 0 ? "<a href='" + link(Math.max(0, from - 20)) + "'>Newer</a> " : "") +
            (from + 20 < f.matched ? "<a href='" + link(from + 20) + "'>Older</a>" : "") + "</nav>";
          var bulk = filtered ? button("Retry all " + f.matched + " matching", "bulk-matching", Object.assign({ action: "retry" }, filter)) + " " +
              button("Remove all matching", "bulk-matching", Object.assign({ action: "remove" }, filter), true)
            : button("Retry all", "retry-all", {}) + " " + button("Clear all", "clear-failed", {}, true);
          var rows = f.jobs.map(function (j) {
            var ref = { raw: j.raw };
            return "<tr class='failed-job'><td><input type='checkbox' class='pick' aria-label='select' data-raw='" + esc(j.raw) + "'" +
              (selected[j.raw] ? " checked" : "") + "></td><td>" + job(j.job, j.job ? null : j.raw) + jobLink(j.id) +
              "<details><summary>payload</summary><pre>" + esc(j.raw) + "</pre></details></td><td>" +
              esc(j.queue) + "</td><td>" + esc(j.worker) + "</td><td class='error'><b>" + esc(j.exception) + "</b>: " + esc(j.error) +
              "<details><summary>backtrace</summary><pre>" + esc((j.backtrace || []).join("\n")) + "</pre></details></td><td>" +
              when(j.failedAt) + "</td><td>" + (j.job ? button("Retry", "retry", ref) + " " : "") +
              button("Remove", "remove", ref, true) + "</td></tr>"; });
          return "<h2>Failed <span class='muted'>(" + (filtered ? f.matched + " matching of " : "") + f.total + ", newest first" +
            (f.truncated ? "; the newest " + f.scanned + " were searched" : "") + ")</span></h2>" +
            "<p class='actions'>" + bulk + " " + button("Retry selected", "bulk", { action: "retry" }) + " " +
            button("Remove selected", "bulk", { action: "remove" }, true) + "</p>" +
            table(["", "Job", "Queue", "Worker", "Error", "Failed at", ""], rows, "failed") + pager;
        });
      }
    },
    delayed: {
      body: function () {
        return Promise.all([api("delayed"), api("retries")]).then(function (both) {
          var retrying = {};
          both[1].forEach(function (r) { retrying[JSON.stringify([r.runAt, r.job])] = r; });
          var lines = [];
          var now = Date.now();
          both[0].forEach(function (row) {
            row.jobs.forEach(function (e) {
              var j = e.job;
              var ref = j ? { queue: j.queue, name: j.name, args: j.args } : null;
              var retry = j ? retrying[JSON.stringify([row.at, j])] : null;
              lines.push("<tr class='delayed-job'><td>" + when(row.at) + " <span class='muted'>" + esc(relative(row.at, now)) + "</span></td><td>" +
                esc(j ? j.queue : "") + "</td><td>" + job(j, e.raw) + jobLink(e.id) +
                (retry ? " " + badge("retry " + retry.attempt, "warn") : "") + "</td><td>" +
                (ref ? button("Enqueue now", "enqueue-now", ref) + " " + button("Delete", "delete-delayed", ref, true) : "") + "</td></tr>");
            });
          });
          return "<h2>Delayed <span class='muted'>(" + lines.length + ")</span></h2>" + table(["Due", "Queue", "Job", ""], lines);
        });
      }
    },
    workers: {
      body: function () {
        return Promise.all([api("processes"), api("workers")]).then(function (both) {
          var w = both[1];
          var now = new Date(w.time).getTime();
          return "<h2>Processes <span class='muted'>(" + both[0].length + ")</span></h2>" +
            table(["Process", "Started", "Threads busy", "Memory", "Version", "Queues", "Seen"], both[0].map(function (p) {
              return "<tr class='process'><td>" + esc(p.host) + " <span class='muted'>pid " + esc(p.pid) + "</span>" +
                (p.kind === "peer" ? " " + badge("other client") : "") + "</td><td>" + (p.startedAt ? when(p.startedAt) : "") + "</td><td>" +
                esc(p.busy) + " / " + esc(p.threads) + "</td><td>" + (p.memoryUsed !== undefined ? bytes(p.memoryUsed) + " of " + bytes(p.memoryMax) : "") +
                "</td><td>" + esc(p.version || (p.kind === "peer" ? "" : "dev")) + "</td><td>" + esc((p.queues || []).join(" · ")) + "</td><td>" +
                (p.updatedAt ? ago((now - new Date(p.updatedAt).getTime()) / 1000) + " ago" : "") + "</td></tr>"; })) +
            "<h2>Workers <span class='muted'>(" + w.workers.length + ")</span></h2>" +
            table(["Worker", "Queues", "Last ping", "State", "Processed", "Failed"], w.workers.map(function (x) {
              return "<tr class='worker'><td>" + esc(x.name) + "</td><td>" + esc(x.queues.join(", ")) + "</td><td>" +
                (x.pingAgeSeconds === null ? "<span class='muted'>no ping</span>" : ago(x.pingAgeSeconds) + " ago") + "</td><td>" +
                (x.stale ? badge("stale", "failed") : (x.job ? badge("working", "running") : badge("idle"))) + "</td><td>" +
                esc(x.processed) + "</td><td>" + esc(x.failed) + "</td></tr>"; }));
        });
      }
    },
    batches: {
      body: function (args, parts) {
        if (parts[0]) {
          return api("batches/" + encodeURIComponent(parts[0])).then(function (b) {
            return "<h2>Batch <code>" + esc(b.id) + "</code> " + esc(b.description) + "</h2>" + batchCards(b) +
              "<ol class='timeline'><li><b>Created</b> " + when(b.createdAt) + "</li>" +
              (b.completedAt ? "<li><b>Complete</b> " + when(b.completedAt) + "</li>" : "") +
              (b.succeededAt ? "<li><b>Succeeded</b> " + when(b.succeededAt) + "</li>" : "") + "</ol>" +
              (b.onCompleteId ? "<p>On complete: " + jobLink(b.onCompleteId) + "</p>" : "") +
              (b.onSuccessId ? "<p>On success: " + jobLink(b.onSuccessId) + "</p>" : "");
          });
        }
        return api("batches").then(function (rows) {
          return "<h2>Batches <span class='muted'>(" + rows.length + ")</span></h2>" +
            table(["Batch", "Progress", "Total", "Pending", "Succeeded", "Failed", "Created"], rows.map(function (b) {
              var done = b.total ? Math.round(100 * (b.total - b.pending) / b.total) : 100;
              return "<tr class='batch'><td><a href='#batches/" + encodeURIComponent(b.id) + "'>" + esc(b.description || b.id.slice(0, 8) + "…") + "</a>" +
                (b.completedAt ? " " + badge(b.failed ? "complete with failures" : "succeeded", b.failed ? "failed" : "succeeded") : "") +
                "</td><td><progress max='100' value='" + done + "'></progress> " + done + "%</td><td>" + b.total + "</td><td>" + b.pending +
                "</td><td>" + b.succeeded + "</td><td>" + b.failed + "</td><td>" + when(b.createdAt) + "</td></tr>"; }));
        });
      }
    },
    schedules: {
      controls: function () {
        return "<details class='form'><summary>Add a schedule</summary><form id='add-schedule' class='filters'>" +
          "<label>Name <input name='name' required></label><label>Job <input name='job' required></label>" +
          "<label>Queue <input name='queue' required></label><label>Arguments (JSON) <input name='args' value='[]'></label>" +
          "<label>Cron <input name='cron' placeholder='0 */5 * * * *'></label><label>or every <input name='every' placeholder='5m' size='6'></label>" +
          "<label>Description <input name='description'></label><button type='submit'>Add</button></form></details>";
      },
      body: function () {
        return api("schedules").then(function (rows) {
          var now = Date.now();
          return "<h2>Schedules <span class='muted'>(" + rows.length + ")</span></h2>" +
            table(["Name", "Job", "When", "Next firing", ""], rows.map(function (s) {
              return "<tr class='schedule'><td>" + esc(s.name) + " " + badge(s.source) + (s.paused ? " " + badge("paused", "warn") : "") + "</td><td>" +
                job(s.job) + " <span class='muted'>on " + esc(s.job.queue) + "</span></td><td>" + esc(s.when) + "</td><td>" +
                (s.nextFiring ? when(s.nextFiring) + " <span class='muted'>" + esc(relative(s.nextFiring, now)) + "</span>" : "") + "</td><td>" +
                button("Enqueue now", "schedule-now", { name: s.name }) + " " +
                (s.paused ? button("Resume", "resume-schedule", { name: s.name }) : button("Pause", "pause-schedule", { name: s.name })) +
                (s.source === "dynamic" ? " " + button("Remove", "remove-schedule", { name: s.name }, true) : "") + "</td></tr>"; }));
        });
      }
    },
    stats: {
      body: function () {
        return api("stats").then(function (s) {
          var names = Object.keys(s.workers);
          return "<h2>Statistics</h2><div class='cards'>" + card("Processed", s.processed) + card("Failed runs", s.failed) +
            card("Cancelled", s.cancelled) + "</div>" + chart(s.minutes, "Jobs per minute, last 3 hours", false) +
            chart(s.days, "Jobs per day, last 5 weeks", true) +
            "<h2>By worker</h2>" + table(["Worker", "Processed", "Failed"], names.map(function (name) {
              return "<tr><td>" + esc(name) + "</td><td>" + s.workers[name].processed + "</td><td>" + s.workers[name].failed + "</td></tr>"; }));
        });
      }
    }
  };

  function historyRow(s) {
    var state = String(s.state).toLowerCase();
    return "<tr class='ended-job'><td><code class='job'><b>" + esc(s.jobName) + "</b></code>" + jobLink(s.id) + "</td><td>" + badge(state, state) +
      "</td><td>" + esc(s.queue) + "</td><td>" + esc(s.attempts) + "</td><td>" + when(s.finishedAt) + "</td><td>" + esc(s.lastError || "") + "</td></tr>";
  }

  // a contract's parameters as name: type, from the schema each job published
  function contractRow(c) {
    var variants = c.schema.anyOf || [c.schema];
    var signatures = variants.map(function (v) {
      var items = (v.prefixItems || []).map(function (p) { return esc(p.title) + ": " + esc(typeName(p)); });
      if (v.items && v.maxItems === undefined) { items.push("…" + esc(typeName(v.items))); }
      if (!v.prefixItems && !v.items) { items.push("any arguments"); }
      return "(" + items.join(", ") + ")";
    });
    return "<tr class='contract'><td><code class='job'><b>" + esc(c.job) + "</b></code></td><td><code>" + signatures.join("<br>") +
      "</code></td><td><code>" + esc(c.version) + "</code></td><td><details><summary>schema</summary><pre>" +
      esc(JSON.stringify(c.schema, null, 2)) + "</pre></details></td></tr>";
  }

  function typeName(schema) {
    if (schema.anyOf) { return schema.anyOf.map(typeName).filter(function (t) { return t !== "null"; }).join(" | ") + "?"; }
    var type = Array.isArray(schema.type) ? schema.type.filter(function (t) { return t !== "null"; }).join(" | ") : (schema.type || "any");
    if (schema["enum"]) { return schema["enum"].filter(function (e) { return e !== null; }).join(" | "); }
    if (type === "array" && schema.items) { return typeName(schema.items) + "[]"; }
    return schema.format ? type + " (" + schema.format + ")" : type;
  }

  function batchCards(b) {
    return "<div class='cards'>" + card("Total", b.total) + card("Pending", b.pending) + card("Succeeded", b.succeeded) +
      card("Failed", b.failed) + card("Sealed", b.sealed ? "yes" : "no") + "</div>";
  }

  function picked() {
    return Object.keys(selected);
  }

  var actions = {
    "pick-shard": function (a) { pickShard(a.shard); },
    "move-stranded": function (a) { if (confirm("Move the jobs of queue " + a.queue + " to its shard?")) { act("shards/move-stranded", a); } },
    "retry": function (a) { act("failed/retry", a, function () { delete selected[a.raw]; }); },
    "remove": function (a) { act("failed/remove", a, function () { delete selected[a.raw]; }); },
    "bulk": function (a) {
      var raws = picked();
      if (!raws.length) { say("Select failed jobs first", true); return; }
      if (a.action === "remove" && !confirm("Remove " + raws.length + " failed jobs?")) { return; }
      act("failed/bulk", { action: a.action, raws: raws }, function () { selected = {}; });
    },
    "bulk-matching": function (a) {
      if (confirm((a.action === "retry" ? "Retry" : "Remove") + " every failed job matching the filter?")) { act("failed/bulk-matching", a); }
    },
    "retry-all": function () { act("failed/retry-all"); },
    "clear-failed": function () { if (confirm("Remove every failed job?")) { act("failed/clear"); } },
    "clear-queue": function (a) { if (confirm("Delete every job of " + a.queue + "?")) { act("queues/" + encodeURIComponent(a.queue) + "/clear"); } },
    "pause-queue": function (a) { act("queues/" + encodeURIComponent(a.queue) + "/pause"); },
    "resume-queue": function (a) { act("queues/" + encodeURIComponent(a.queue) + "/resume"); },
    "delete-job": function (a) { act("queues/" + encodeURIComponent(a.queue) + "/delete-job", a); },
    "enqueue-now": function (a) { act("delayed/enqueue-now", a); },
    "delete-delayed": function (a) { act("delayed/delete", a); },
    "retry-now": function (a) { act("retries/retry-now", a); },
    "discard-retry": function (a) { if (confirm("Stop retrying " + a.name + "? It moves to Failed with its last error.")) { act("retries/discard", a); } },
    "cancel-running": function (a) { if (confirm("Cancel the job " + a.worker + " runs?")) { act("workers/cancel", a); } },
    "cancel-job": function (a) { if (confirm("Cancel this job?")) { act("jobs/" + encodeURIComponent(a.id) + "/cancel"); } },
    "retry-job": function (a) { act("jobs/" + encodeURIComponent(a.id) + "/retry"); },
    "schedule-now": function (a) { act("schedules/" + encodeURIComponent(a.name) + "/enqueue-now"); },
    "pause-schedule": function (a) { act("schedules/" + encodeURIComponent(a.name) + "/pause"); },
    "resume-schedule": function (a) { act("schedules/" + encodeURIComponent(a.name) + "/resume"); },
    "remove-schedule": function (a) { if (confirm("Remove schedule " + a.name + "?")) { act("schedules/" + encodeURIComponent(a.name) + "/remove"); } }
  };

  document.addEventListener("click", function (event) {
    var target = event.target.closest("button[data-action]");
    if (target) { actions[target.dataset.action](JSON.parse(target.dataset.arg)); }
  });

  document.getElementById("shard").addEventListener("change", function (event) { pickShard(event.target.value); });

  page.addEventListener("change", function (event) {
    if (event.target.classList.contains("pick")) {
      if (event.target.checked) { selected[event.target.dataset.raw] = true; } else { delete selected[event.target.dataset.raw]; }
    }
  });

  controls.addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var data = {};
    new FormData(form).forEach(function (value, key) { data[key] = String(value); });
    if (form.id === "search") { location.hash = "#jobs" + query({ q: data.q }); }
    if (form.id === "failed-filter") { location.hash = "#failed" + query(data); }
    if (form.id === "add-schedule") {
      var args;
      try { args = JSON.parse(data.args || "[]"); } catch (e) { say("Arguments must be a JSON array: " + e.message, true); return; }
      if (!Array.isArray(args)) { say("Arguments must be a JSON array", true); return; }
      data.args = args;
      act("schedules", data, function () { form.reset(); });
    }
  });

  function parseHash() {
    var hash = (location.hash || "#overview").slice(1);
    var at = hash.indexOf("?");
    var path = (at >= 0 ? hash.slice(0, at) : hash).split("/").map(function (part) { return decodeURIComponent(part); });
    var args = {};
    if (at >= 0) {
      hash.slice(at + 1).split("&").forEach(function (pair) {
        var eq = pair.indexOf("=");
        if (eq > 0) { args[decodeURIComponent(pair.slice(0, eq))] = decodeURIComponent(pair.slice(eq + 1)); }
      });
    }
    var name = pages[path[0]] ? path[0] : "overview";
    return { name: name, parts: path.slice(1), args: args, key: hash };
  }

  function render() {
    var where = parseHash();
    var definition = pages[where.name];
    document.querySelectorAll("nav a").forEach(function (a) {
      var active = a.getAttribute("href") === "#" + where.name || (where.name === "job" && a.getAttribute("href") === "#jobs");
      a.classList.toggle("active", active);
      if (active) { a.setAttribute("aria-current", "page"); } else { a.removeAttribute("aria-current"); }
    });
    if (shown !== where.key) {
      controls.innerHTML = definition.controls ? definition.controls(where.args) : "";
      if (shown === null || shown.split("?")[0].split("/")[0] !== where.name) { selected = {}; }
      shown = where.key;
    }
    return definition.body(where.args, where.parts).then(function (html) {
      if (parseHash().key !== where.key) { return; }
      page.innerHTML = html;
      labelCells(page);
      page.dataset.page = where.name;
      document.getElementById("refreshed").textContent = "updated " + new Date().toLocaleTimeString();
    }).catch(function (error) {
      page.innerHTML = "<h2>" + esc(where.name) + "</h2><p class='bad'>" + esc(error.message) + "</p>";
      page.dataset.page = where.name;
    });
  }

  // each cell names its column, for the narrow layout where rows become stacked cards
  function labelCells(root) {
    root.querySelectorAll("table").forEach(function (t) {
      var heads = Array.prototype.map.call(t.querySelectorAll("thead th"), function (th) { return th.textContent; });
      t.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) { if (heads[i]) { td.setAttribute("data-label", heads[i]); } });
      });
    });
  }

  // a refresh waits while the user reads a backtrace, fills a form or has a page half-selected
  function busy() {
    return document.querySelector("#page details[open]") || (document.activeElement && document.activeElement.closest("#controls form")) ||
      document.querySelector("#controls details[open]");
  }

  window.addEventListener("hashchange", render);
  // the shard picker, from the shards' list; a saved shard no longer there is forgotten
  fetch(base + "/api/shards", { headers: { "Accept": "application/json" }, credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (s) { if (s.shards) { picker(s.shards); render(); } }).catch(function () { });
  render();
  setInterval(function () { if (!busy()) { render(); } }, 2000);
}());
