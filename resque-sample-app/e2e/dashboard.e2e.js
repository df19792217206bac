// Drives the Resque dashboard in headless Chromium: opens every page, saves a screenshot of each, and retries
// the first failed job by clicking. Prints one JSON line with what it saw.
//   node dashboard.e2e.js <dashboard url> <screenshot folder> <user> <password>
const { chromium } = require("playwright-core");
const path = require("path");

const [url, shots, user, password] = process.argv.slice(2);
const pages = ["overview", "working", "queues", "failed", "delayed", "workers", "schedules", "stats"];

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  const seen = {};
  try {
    // the application's sign-in form comes first
    await page.goto(url + "/");
    if (await page.locator("input[name=username]").count()) {
      await page.fill("input[name=username]", user);
      await page.fill("input[name=password]", password);
      await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    }
    for (const name of pages) {
      await page.goto(url + "/#" + name);
      await page.waitForSelector(`main[data-page="${name}"]`, { timeout: 10000 });
      seen[name] = await page.locator("main h2").first().innerText();
      await page.screenshot({ path: path.join(shots, name + ".png"), fullPage: true });
    }
    await page.goto(url + "/#failed");
    await page.waitForSelector("tr.failed-job", { timeout: 10000 });
    const failedBefore = await page.locator("tr.failed-job").count();
    page.on("dialog", (dialog) => dialog.accept());
    await page.locator("tr.failed-job button", { hasText: "Retry" }).first().click();
    await page.waitForFunction(() => document.querySelectorAll("tr.failed-job").length === 0, null, { timeout: 10000 });
    await page.screenshot({ path: path.join(shots, "failed-after-retry.png"), fullPage: true });
    process.stdout.write(JSON.stringify({ seen, failedBefore, errors }) + "\n");
  } finally {
    await browser.close();
  }
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
