// The Resque dashboard: one page per hash, refreshed every two seconds from the JSON API.
(function () {
  "use strict";
  var meta = function (name) { var m = document.querySelector('meta[name="' + name + '"]'); return m ? m.content : ""; };
  var base = meta("resque-base");
  var page = document.getElementById("page");
  var throughput = [];
  var lastProcessed = null;
  var lastTime = null;

  function api(path, options) {
    options = options || {};
    var headers = { "Accept": "application/json" };
    if (options.method === "POST") {
      headers["X-Resque-Dashboard"] = "1";
      headers["Content-Type"] = "application/json";
      if (meta("csrf-header")) { headers[meta("csrf-header")] = meta("csrf-token"); }
    }
    return fetch(base + "/api/" + path, { method: options.method || "GET", headers: headers,
      body: options.body ? JSON.stringify(options.body) : undefined, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (json) {
          if (!response.ok) { throw new Error(json.error || response.statusText); }
          return json;
        });
      });
  }

  function act(path, body, done) {
    api(path, { method: "POST", body: body || {} }).then(function (result) {
      say(JSON.stringify(result));
      render();
    }).catch(function (error) { say("Failed: " + error.message); });
  }

  function say(text) {
    var box = document.getElementById("message");
    box.textContent = text;
    box.style.display = "block";
    clearTimeout(say.timer);
    say.timer = setTimeout(function () { box.style.display = "none"; }, 3000);
  }

  function esc(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function job(j) {
    return j ? "<code>" + esc(j.name) + "(" + esc(JSON.stringify(j.args)) + ")</code>" : "";
  }

  function when(value) { return value ? esc(new Date(value).toLocaleString()) : ""; }

  function table(headers, rows) {
    return "<table><thead><tr>" + headers.map(function (h) { return "<th>" + h + "</th>"; }).join("") +
      "</tr></thead><tbody>" + (rows.length ? rows.join("") : '<tr><td colspan="' + headers.length +
      '" class="muted">Nothing here.</td></tr>') + "</tbody></table>";
  }

  function button(label, action, data, danger) {
    return '<button data-action="' + action + '" data-arg="' + esc(JSON.stringify(data)) + '"' +
      (danger ? ' class="danger"' : "") + ">" + label + "</button>";
  }

  var pages = {
    overview: function () {
      return api("overview").then(function (o) {
        var now = Date.now();
        if (lastProcessed !== null && now > lastTime) {
          throughput.push(Math.max(0, (o.processed - lastProcessed) * 1000 / (now - lastTime)));
          if (throughput.length > 60) { throughput.shift(); }
        }
        lastProcessed = o.processed;
        lastTime = now;
        var cards = [["Processed", o.processed], ["Failed", o.failed], ["In failed queue", o.failedQueue],
          ["Delayed", o.delayed], ["Workers", o.workers], ["Scheduler leader", o.leader || "none"]];
        return "<h2>Overview</h2><div class='cards'>" + cards.map(function (c) {
            return "<div class='card'><span class='muted'>" + c[0] + "</span><b>" + esc(c[1]) + "</b></div>"; }).join("") +
          "</div><h2>Jobs per second</h2><canvas id='chart' width='900' height='160'></canvas>" +
          "<h2>Queues</h2>" + table(["Queue", "Jobs"], o.queues.map(function (q) {
            return "<tr><td><a href='#queues/" + encodeURIComponent(q.name) + "'>" + esc(q.name) + "</a></td><td>" + q.length + "</td></tr>"; }));
      });
    },
    working: function () {
      return api("workers").then(function (workers) {
        var busy = workers.filter(function (w) { return w.job; });
        return "<h2>Working</h2>" + table(["Worker", "Queue", "Job", "Since"], busy.map(function (w) {
          return "<tr><td>" + esc(w.name) + "</td><td>" + esc(w.queue) + "</td><td>" + job(w.job) + "</td><td>" + when(w.since) + "</td></tr>"; }));
      });
    },
    queues: function (queue, start) {
      if (queue) {
        var from = parseInt(start || "0", 10) || 0;
        return api("queues/" + encodeURIComponent(queue) + "?start=" + from + "&count=50").then(function (q) {
          var link = "#queues/" + encodeURIComponent(q.queue) + "/";
          var pager = (from > 0 ? "<a href='" + link + Math.max(0, from - 50) + "'>Previous</a> " : "") +
            (from + 50 < q.total ? "<a href='" + link + (from + 50) + "'>Next</a>" : "");
          return "<h2>Queue " + esc(q.queue) + " <span class='muted'>(" + q.total + " jobs)</span> " +
            button("Clear queue", "clear-queue", { queue: q.queue }, true) + "</h2>" +
            table(["#", "Job", ""], q.jobs.map(function (j, i) {
              return "<tr><td>" + (q.start + i) + "</td><td>" + job(j) + "</td><td>" +
                button("Delete", "delete-job", { queue: q.queue, name: j.name, args: j.args }, true) + "</td></tr>"; })) + pager;
        });
      }
      return api("overview").then(function (o) {
        return "<h2>Queues</h2>" + table(["Queue", "Jobs"], o.queues.map(function (q) {
          return "<tr><td><a href='#queues/" + encodeURIComponent(q.name) + "'>" + esc(q.name) + "</a></td><td>" + q.length + "</td></tr>"; }));
      });
    },
    failed: function (start) {
      var from = parseInt(start || "0", 10) || 0;
      return api("failed?start=" + from + "&count=20").then(function (f) {
        var pager = (from > 0 ? "<a href='#failed/" + Math.max(0, from - 20) + "'>Newer</a> " : "") +
          (from + 20 < f.total ? "<a href='#failed/" + (from + 20) + "'>Older</a>" : "");
        return "<h2>Failed <span class='muted'>(" + f.total + ")</span> " + button("Retry all", "retry-all", {}) + " " +
          button("Clear all", "clear-failed", {}, true) + "</h2>" +
          table(["#", "Job", "Queue", "Worker", "Error", "Failed at", ""], f.jobs.map(function (j) {
            return "<tr class='failed-job'><td>" + j.index + "</td><td>" + job(j.job) + "<details><summary>payload</summary><pre>" + esc(j.raw) + "</pre></details></td><td>" +
              esc(j.queue) + "</td><td>" + esc(j.worker) + "</td><td><b>" + esc(j.exception) + "</b>: " + esc(j.error) +
              "<details><summary>backtrace</summary><pre>" + esc((j.backtrace || []).join("\n")) + "</pre></details></td><td>" +
              when(j.failedAt) + "</td><td>" + button("Retry", "retry", { index: j.index }) + " " +
              button("Remove", "remove", { index: j.index }, true) + "</td></tr>"; })) + pager;
      });
    },
    delayed: function () {
      return api("delayed").then(function (rows) {
        var lines = [];
        rows.forEach(function (row) {
          row.jobs.forEach(function (j) {
            var ref = { queue: j.queue, name: j.name, args: j.args };
            lines.push("<tr><td>" + when(row.at) + "</td><td>" + esc(j.queue) + "</td><td>" + job(j) + "</td><td>" +
              button("Enqueue now", "enqueue-now", ref) + " " + button("Delete", "delete-delayed", ref, true) + "</td></tr>");
          });
        });
        return "<h2>Delayed</h2>" + table(["Due", "Queue", "Job", ""], lines);
      });
    },
    workers: function () {
      return api("workers").then(function (workers) {
        return "<h2>Workers <span class='muted'>(" + workers.length + ")</span></h2>" +
          table(["Worker", "Queues", "Last ping", "State"], workers.map(function (w) {
            return "<tr><td>" + esc(w.name) + "</td><td>" + esc(w.queues.join(", ")) + "</td><td>" +
              (w.pingAgeSeconds === null ? "<span class='muted'>no ping</span>" : w.pingAgeSeconds + " s ago") + "</td><td>" +
              (w.stale ? "<span class='stale'>stale</span>" : (w.job ? "working" : "idle")) + "</td></tr>"; }));
      });
    },
    schedules: function () {
      return api("schedules").then(function (rows) {
        return "<h2>Schedules</h2>" + table(["Name", "Job", "When", "Next firing", ""], rows.map(function (s) {
          return "<tr><td>" + esc(s.name) + "</td><td>" + job(s.job) + " <span class='muted'>on " + esc(s.job.queue) + "</span></td><td>" +
            esc(s.when) + "</td><td>" + when(s.nextFiring) + "</td><td>" + button("Enqueue now", "schedule-now", { name: s.name }) + "</td></tr>"; }));
      });
    },
    stats: function () {
      return api("stats").then(function (s) {
        var rows = ["<tr><td>processed</td><td>" + s.processed + "</td></tr>", "<tr><td>failed</td><td>" + s.failed + "</td></tr>"];
        Object.keys(s.workers).forEach(function (name) {
          rows.push("<tr><td>processed:" + esc(name) + "</td><td>" + s.workers[name].processed + "</td></tr>");
          rows.push("<tr><td>failed:" + esc(name) + "</td><td>" + s.workers[name].failed + "</td></tr>");
        });
        return "<h2>Stats</h2>" + table(["Counter", "Value"], rows);
      });
    }
  };

  var actions = {
    "retry": function (a) { act("failed/" + a.index + "/retry"); },
    "remove": function (a) { act("failed/" + a.index + "/remove"); },
    "retry-all": function () { act("failed/retry-all"); },
    "clear-failed": function () { if (confirm("Remove every failed job?")) { act("failed/clear"); } },
    "clear-queue": function (a) { if (confirm("Delete every job of " + a.queue + "?")) { act("queues/" + encodeURIComponent(a.queue) + "/clear"); } },
    "delete-job": function (a) { act("queues/" + encodeURIComponent(a.queue) + "/delete-job", a); },
    "enqueue-now": function (a) { act("delayed/enqueue-now", a); },
    "delete-delayed": function (a) { act("delayed/delete", a); },
    "schedule-now": function (a) { act("schedules/" + encodeURIComponent(a.name) + "/enqueue-now"); }
  };

  page.addEventListener("click", function (event) {
    var target = event.target.closest("button[data-action]");
    if (target) { actions[target.dataset.action](JSON.parse(target.dataset.arg)); }
  });

  function drawChart() {
    var canvas = document.getElementById("chart");
    if (!canvas) { return; }
    var ctx = canvas.getContext("2d");
    var max = Math.max.apply(null, throughput.concat([1]));
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = "#b91c1c";
    ctx.lineWidth = 2;
    ctx.beginPath();
    throughput.forEach(function (value, i) {
      var x = i * canvas.width / 59;
      var y = canvas.height - 10 - value * (canvas.height - 20) / max;
      if (i === 0) { ctx.moveTo(x, y); } else { ctx.lineTo(x, y); }
    });
    ctx.stroke();
    ctx.fillStyle = "#6b7280";
    ctx.fillText(max.toFixed(1) + " jobs/s", 6, 12);
  }

  function render() {
    var hash = (location.hash || "#overview").slice(1).split("/");
    var name = pages[hash[0]] ? hash[0] : "overview";
    document.querySelectorAll("nav a").forEach(function (a) { a.classList.toggle("active", a.getAttribute("href") === "#" + name); });
    var args = hash.slice(1).map(function (part) { return decodeURIComponent(part); });
    return pages[name].apply(null, args).then(function (html) {
      page.innerHTML = html;
      page.dataset.page = name;
      drawChart();
      document.getElementById("refreshed").textContent = "updated " + new Date().toLocaleTimeString();
    }).catch(function (error) { page.innerHTML = "<p class='stale'>" + esc(error.message) + "</p>"; });
  }

  window.addEventListener("hashchange", render);
  render();
  setInterval(function () { if (!document.querySelector("details[open]")) { render(); } }, 2000);
}());
