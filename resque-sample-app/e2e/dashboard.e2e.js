// Drives the Resque dashboard in headless Chromium as a user would, on the sample with its showcase running:
// opens every page and saves a screenshot of each in light mode, in dark mode and 400 px wide; searches; pauses
// and resumes a queue; retries from the Retries tab; cancels a running job; and removes a failed entry by content
// while the list changes underneath. Prints "STEP <name>" and waits for a line on stdin where the test changes
// Redis, and ends with one JSON line of what it saw.
//   node dashboard.e2e.js <dashboard url> <screenshot folder> <user> <password>
const { chromium } = require("playwright-core");
const fs = require("fs");
const os = require("os");
const path = require("path");
const zlib = require("zlib");

const [url, shots, user, password] = process.argv.slice(2);
const pages = ["overview", "jobs", "queues", "working", "retries", "failed", "delayed", "workers", "batches",
  "schedules", "stats"];
const readline = require("readline");

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

// CHROMIUM names a browser; "packaged", or no Debian Chromium, takes the one shipped inside the
// @sparticuz/chromium npm package, so that the test needs nothing installed as root
async function chooseBrowser() {
  const wanted = process.env.CHROMIUM;
  if (wanted && wanted !== "packaged") {
    return { executablePath: wanted, env: process.env };
  }
  if (!wanted && fs.existsSync(DEBIAN_CHROMIUM)) {
    return { executablePath: DEBIAN_CHROMIUM, env: process.env };
  }
  const packaged = require("@sparticuz/chromium");
  const executablePath = await (packaged.default || packaged).executablePath();
  return { executablePath, env: withNssLibraries(executablePath) };
}

const NSS_PLACES = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64"];

// The packaged Chromium links NSS and expat, which a machine without a browser may lack; the package ships them
// (for Amazon Linux) in al2023.tar.br. They are unpacked and put on the library path only when the system has none.
function withNssLibraries(executablePath) {
  const forced = process.env.RESQUE_E2E_PACKAGED_LIBS === "1";
  if (!forced && NSS_PLACES.some((place) => fs.existsSync(path.join(place, "libnss3.so")))) {
    return process.env;
  }
  const archive = path.join(path.dirname(require.resolve("@sparticuz/chromium")), "..", "..", "bin", "al2023.tar.br");
  const target = path.join(os.tmpdir(), "resque-e2e-libs");
  untar(zlib.brotliDecompressSync(fs.readFileSync(archive)), target);
  const library = [path.join(target, "lib"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":");
  return { ...process.env, LD_LIBRARY_PATH: library };
}

// A plain tar reader: 512-byte headers (name at 0, octal size at 124, type at 156), contents padded to 512.
function untar(tar, target) {
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = tar.toString("utf8", offset, offset + 100).replace(/\0.*$/s, "");
    if (!name) {
      break;
    }
    const size = parseInt(tar.toString("utf8", offset + 124, offset + 136).replace(/\0.*$/s, "").trim() || "0", 8);
    const type = String.fromCharCode(tar[offset + 156]);
    const file = path.join(target, name);
    if (!file.startsWith(target + path.sep)) {
      throw new Error("Unsafe path in the packaged libraries: " + name);
    }
    if (type === "0" || type === "\0") {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, tar.subarray(offset + 512, offset + 512 + size));
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
}

const input = readline.createInterface({ input: process.stdin });
const lines = [];
let waiting = null;
input.on("line", (line) => { if (waiting) { const w = waiting; waiting = null; w(line); } else { lines.push(line); } });

// tells the test a step is reached and waits for its answer
function step(name) {
  process.stdout.write("STEP " + name + "\n");
  return new Promise((resolve) => { if (lines.length) { resolve(lines.shift()); } else { waiting = resolve; } });
}

async function open(page, hash, name) {
  await page.goto(url + "/#" + hash);
  await page.waitForSelector(`main[data-page="${name}"] h2`, { timeout: 15000 });
}

async function shoot(browser, cookies, hash, name, file) {
  const variants = [
    { suffix: "", options: { viewport: { width: 1280, height: 800 } } },
    { suffix: "-dark", options: { viewport: { width: 1280, height: 800 }, colorScheme: "dark" } },
    { suffix: "-400px", options: { viewport: { width: 400, height: 800 }, isMobile: true } },
  ];
  const widths = {};
  for (const variant of variants) {
    const context = await browser.newContext(variant.options);
    await context.addCookies(cookies);
    const page = await context.newPage();
    watch(page);
    await open(page, hash, name);
    await page.waitForTimeout(150);
    widths[variant.suffix || "light"] = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: path.join(shots, file + variant.suffix + ".png"), fullPage: true });
    await context.close();
  }
  return widths;
}

const errors = [];

function watch(page) {
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => { if (message.type() === "error") { errors.push(message.text()); } });
  page.on("dialog", (dialog) => dialog.accept());
}

// clicks, then reads the message the action answered with (the one before it is cleared first)
async function clickAndRead(page, locator) {
  await page.evaluate(() => { const box = document.getElementById("message"); box.textContent = ""; box.style.display = "none"; });
  await locator.click();
  await page.waitForFunction(() => document.getElementById("message").textContent !== "", null, { timeout: 15000 });
  return page.locator("#message").innerText();
}

async function main() {
  const { executablePath, env } = await chooseBrowser();
  const browser = await chromium.launch({
    executablePath,
    env,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  watch(page);
  const seen = {};
  const overflow = {};
  const did = {};
  try {
    // the application's sign-in form comes first
    await page.goto(url + "/");
    if (await page.locator("input[name=username]").count()) {
      await page.fill("input[name=username]", user);
      await page.fill("input[name=password]", password);
      await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    }
    const cookies = await context.cookies();
    // the first Tab reaches the skip link, then the navigation
    await page.goto(url + "/#overview");
    await page.waitForSelector("main[data-page=overview] h2");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    did.secondTab = await page.evaluate(() => document.activeElement.textContent);

    // every page, with what it shows first
    for (const name of pages) {
      await open(page, name, name);
      seen[name] = await page.locator("main h2").first().innerText();
      const widths = await shoot(browser, cookies, name, name, name);
      overflow[name] = widths["-400px"];
    }

    // search by an argument's text, then open a job's own page from the results
    await open(page, "jobs", "jobs");
    await page.fill("#search input[name=q]", "order-1004");
    await page.press("#search input[name=q]", "Enter");
    await page.waitForSelector("main[data-page=jobs] tr.result", { timeout: 15000 });
    did.searchResults = await page.locator("tr.result").count();
    did.searchWhere = await page.locator("tr.result .badge").allInnerTexts();
    await page.locator("tr.result a.id").first().click();
    await page.waitForSelector("main[data-page=job] h2", { timeout: 15000 });
    seen.job = await page.locator("main h2").first().innerText();
    did.jobHash = await page.evaluate(() => location.hash);
    overflow.job = (await shoot(browser, cookies, did.jobHash.slice(1), "job", "job"))["-400px"];

    // pause and resume a queue from the Queues tab
    await open(page, "queues", "queues");
    const payments = page.locator("tr", { hasText: "payments" });
    // by keyboard: the button takes the focus and Enter presses it
    await payments.locator("button", { hasText: "Pause" }).press("Enter");
    await payments.locator(".badge", { hasText: "paused" }).waitFor({ timeout: 15000 });
    did.paused = true;
    await step("paused");
    await payments.locator("button", { hasText: "Resume" }).press("Enter");
    await page.waitForFunction(() => ![...document.querySelectorAll("tr")].some((row) =>
      row.textContent.includes("payments") && row.querySelector(".badge.warn")), null, { timeout: 15000 });
    did.resumed = true;

    // retry now from the Retries tab (the test makes sure one is scheduled)
    await step("retries");
    await open(page, "retries", "retries");
    await page.waitForSelector("tr.retry-job", { timeout: 30000 });
    const retry = page.locator("tr.retry-job", { hasText: "order-3001" });
    await retry.waitFor({ timeout: 15000 });
    did.retriesBefore = await page.locator("tr.retry-job").count();
    did.retriedJob = await retry.locator("code.job").innerText();
    did.retryAttempt = await retry.locator("td").nth(2).innerText();
    did.retryMessage = await clickAndRead(page, retry.locator("button", { hasText: "Retry now" }));

    // cancel a slow job where it runs (the test makes sure one runs)
    await step("working");
    await open(page, "working", "working");
    const slow = page.locator("tr.running-job", { hasText: "long-running" });
    await slow.waitFor({ timeout: 30000 });
    did.cancelMessage = await clickAndRead(page, slow.locator("button", { hasText: "Cancel" }));
    await slow.waitFor({ state: "detached", timeout: 20000 });
    did.cancelled = "long-running";

    // a by-content action while the list changes: the row is shown, the list changes, then the click
    await open(page, "failed", "failed");
    // text from Redis is shown as text: a hostile entry the test planted runs nothing
    await page.locator("tr.failed-job", { hasText: "onerror" }).waitFor({ timeout: 15000 });
    did.hostileShown = await page.locator("tr.failed-job", { hasText: "onerror" }).locator("td.error").innerText();
    did.hostileRan = await page.evaluate(() => window.__planted || null);
    // an opened backtrace stays within the page's width
    const trace = page.locator("tr.failed-job", { hasText: "contacts.xls" }).locator("summary", { hasText: "backtrace" });
    await trace.click();
    did.widthWithBacktrace = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: path.join(shots, "failed-backtrace.png"), fullPage: true });
    await trace.click();
    const row = page.locator("tr.failed-job", { hasText: "contacts.xls" });
    await row.waitFor({ timeout: 30000 });
    did.removedRaw = await row.locator("input.pick").getAttribute("data-raw");
    // an open details keeps the page from refreshing, as it would for a user reading a backtrace
    await row.locator("summary", { hasText: "payload" }).click();
    await step("failed-shown");
    did.removeMessage = await clickAndRead(page, row.locator("button", { hasText: "Remove" }));
    await page.waitForFunction(() => ![...document.querySelectorAll("tr.failed-job")].some((r) => r.textContent.includes("contacts.xls")),
      null, { timeout: 15000 });
    did.failedAfter = await page.locator("tr.failed-job").count();
    await page.screenshot({ path: path.join(shots, "failed-after-remove.png"), fullPage: true });

    process.stdout.write(JSON.stringify({ browser: browser.version(), seen, overflow, did, errors }) + "\n");
  } finally {
    await browser.close();
    input.close();
  }
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
