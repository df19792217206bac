// Drives the Resque dashboard in headless Chromium: opens every page, saves a screenshot of each, and retries
// the first failed job by clicking. Prints one JSON line with what it saw.
//   node dashboard.e2e.js <dashboard url> <screenshot folder> <user> <password>
const { chromium } = require("playwright-core");
const fs = require("fs");
const os = require("os");
const path = require("path");
const zlib = require("zlib");

const [url, shots, user, password] = process.argv.slice(2);
const pages = ["overview", "working", "queues", "failed", "delayed", "workers", "schedules", "stats"];

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
    process.stdout.write(JSON.stringify({ browser: browser.version(), seen, failedBefore, errors }) + "\n");
  } finally {
    await browser.close();
  }
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
