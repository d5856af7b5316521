// `pnyx serve` in headless Chromium, as a content editor uses it: open a
// page, change its Markdown file and see the new text without reloading
// by hand; change only the stylesheet and see it applied without a reload;
// break the front matter and see the error overlay (also on a page opened
// meanwhile); fix it and see the page again, overlay gone.
//   node tests/browser/live.test.mjs PNYX
// Drives Debian's Chromium (/usr/bin/chromium) with playwright-core; never
// downloads a browser. Every wait is bounded; the whole run too.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const pnyx = resolve(process.argv[2] || './pnyx');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_MS = 15000;
const TOTAL_MS = 120000;

let passed = 0;
let failed = 0;
const tmp = mkdtempSync(join(tmpdir(), 'pnyx-browser-'));
const site = join(tmp, 'site');
let server = null;
let serverLog = '';
let context = null;

function write(rel, text) {
	const p = join(site, rel);
	mkdirSync(join(p, '..'), { recursive: true });
	writeFileSync(p, text);
}

function page_md(title, text) {
	return `---\ntitle: ${title}\nlayout: default\n---\n# ${title}\n\n${text}\n`;
}

async function step(name, fn) {
	try {
		await fn();
		passed++;
		console.log(`ok - ${name}`);
	} catch (e) {
		failed++;
		console.log(`browser: FAIL: ${name}: ${e.message.split('\n')[0]}`);
		throw e;
	}
}

function startServer() {
	return new Promise((ok, ko) => {
		server = spawn(pnyx, ['serve', '-s', site, '--port', '0'], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, NO_COLOR: '1' },
		});
		const timer = setTimeout(() => ko(new Error(`no 'serving' line in 10 s:\n${serverLog}`)), 10000);
		const onData = (chunk) => {
			serverLog += chunk;
			const m = /^serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/m.exec(serverLog);
			if (m) {
				clearTimeout(timer);
				ok(m[1]);
			}
		};
		server.stdout.on('data', onData);
		server.stderr.on('data', onData);
		server.on('exit', (code) => {
			clearTimeout(timer);
			ko(new Error(`pnyx serve exited with ${code}:\n${serverLog}`));
		});
	});
}

// Stops the server with Ctrl-C; resolves to its exit status.
function stopServer() {
	return new Promise((ok) => {
		if (!server || server.exitCode !== null) return ok(server ? server.exitCode : 0);
		const timer = setTimeout(() => { server.kill('SIGKILL'); ok(-1); }, 10000);
		server.removeAllListeners('exit');
		server.on('exit', (code) => { clearTimeout(timer); ok(code); });
		server.kill('SIGINT');
	});
}

async function main() {
	write('site.yml', 'title: Browser test\nurl: https://example.org\n');
	write('layouts/default.html',
		'<!doctype html>\n<html><head><meta charset="utf-8"><title>{{ page.title }}</title>\n'
		+ '<link rel="stylesheet" href="/style.css"></head>\n<body>\n{{ content }}\n</body></html>\n');
	write('static/style.css', 'h1 { color: rgb(0, 0, 255); }\n');
	write('content/index.md', page_md('Home', 'First text.'));
	write('content/other.md', page_md('Other', 'Another page.'));

	const url = await startServer();
	context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
		executablePath: chromiumPath,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
		timeout: STEP_MS,
	});
	context.setDefaultTimeout(STEP_MS);
	const page = context.pages()[0] || await context.newPage();
	const pageErrors = [];
	page.on('pageerror', (e) => pageErrors.push(e.message));

	await step('the page opens with its text', async () => {
		await page.goto(url);
		await page.waitForSelector('text=First text.');
		const h1 = await page.$eval('h1', (e) => getComputedStyle(e).color);
		if (h1 !== 'rgb(0, 0, 255)') throw new Error(`h1 colour ${h1}`);
	});

	await step('an edit of the Markdown file shows without reloading by hand', async () => {
		await page.evaluate(() => { window.__before = true; });
		write('content/index.md', page_md('Home', 'Second text.'));
		await page.waitForSelector('text=Second text.');
		// the page was reloaded by the live-reload script
		if (await page.evaluate(() => window.__before === true)) throw new Error('no reload happened');
	});

	await step('a stylesheet change applies without a page reload', async () => {
		await page.evaluate(() => { window.__stay = 'yes'; });
		write('static/style.css', 'h1 { color: rgb(255, 0, 0); }\n');
		await page.waitForFunction(
			() => getComputedStyle(document.querySelector('h1')).color === 'rgb(255, 0, 0)');
		if (await page.evaluate(() => window.__stay) !== 'yes') throw new Error('the page reloaded');
	});

	await step('a broken front matter shows the error overlay', async () => {
		write('content/index.md', '---\ntitle: [oops\nlayout: default\n---\nThird text.\n');
		const overlay = await page.waitForSelector('#pnyx-overlay');
		if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT });
		const text = await overlay.innerText();
		if (!/content\/index\.md:\d+:\d+: error: /.test(text)) throw new Error(`overlay text: ${text}`);
		if (!/\d+ \| /.test(text)) throw new Error(`no source line in: ${text}`);
		if (!/title: \[oops|layout: default/.test(text)) throw new Error(`wrong source line in: ${text}`);
		// the last good page is still there under the overlay
		await page.waitForSelector('text=Second text.', { state: 'attached' });
	});

	await step('a page opened while the error stands shows it too', async () => {
		const other = await context.newPage();
		await other.goto(url + 'other');
		await other.waitForSelector('text=Another page.', { state: 'attached' });
		const text = await (await other.waitForSelector('#pnyx-overlay')).innerText();
		if (!/index\.md:\d+:\d+: error: /.test(text)) throw new Error(`overlay text: ${text}`);
		await other.close();
	});

	await step('fixing the file brings the page back, overlay gone', async () => {
		write('content/index.md', page_md('Home', 'Third text.'));
		await page.waitForSelector('text=Third text.');
		await page.waitForSelector('#pnyx-overlay', { state: 'detached' });
	});

	await step('no script error on the page', async () => {
		if (pageErrors.length) throw new Error(pageErrors.join('; '));
	});
}

const watchdog = setTimeout(async () => {
	console.log(`browser: FAIL: the whole run took over ${TOTAL_MS / 1000} s`);
	if (server) server.kill('SIGKILL');
	process.exit(1);
}, TOTAL_MS);

let status = 0;
try {
	await main();
} catch (e) {
	status = 1;
	if (!failed) console.log(`browser: FAIL: ${e.message}`);
	console.log(`server output:\n${serverLog}`);
}
if (context) await context.close().catch(() => {});
const code = await stopServer();
if (code === 0 && !/Sanitizer/.test(serverLog)) passed++;
else {
	failed++;
	console.log(`browser: FAIL: pnyx serve stopped with status ${code}:\n${serverLog}`);
}
clearTimeout(watchdog);
rmSync(tmp, { recursive: true, force: true });
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(status || failed ? 1 : 0);
