// The bundled training deck in headless Chromium, as a trainer and the
// audience use it: arrows move and the hash follows, #5 opens slide 5,
// the overview and the speaker view work, a swipe moves on a phone, the
// slide fills a 16:9 frame letterboxed in any window (and no slide's text
// is cut off), every slide shows
// without JavaScript, and the per-slide pages link to their neighbours.
// Screenshots of the title slide (1280×720 and 375×667) go to
// build/screenshots/.
//   node tests/browser/slides.test.mjs PNYX [SITE]
// The site is built with PNYX into a temporary folder and served by a
// small static server on 127.0.0.1 (a random port). Drives Debian's
// Chromium (/usr/bin/chromium) with playwright-core; never downloads a
// browser. Every wait is bounded; the whole run too.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pnyx = resolve(process.argv[2] || join(root, 'pnyx'));
const source = resolve(process.argv[3] || root);
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const DECK = '/slides/formation-democracyos/';
const STEP_MS = 15000;
const TOTAL_MS = 180000;
const shots = join(root, 'build', 'screenshots');

let passed = 0;
let failed = 0;
const tmp = mkdtempSync(join(tmpdir(), 'pnyx-slides-test-'));
const site = join(tmp, 'site');
let server = null;
let browser = null;

function check(cond, msg) {
	if (!cond) throw new Error(msg);
}

async function step(name, fn) {
	try {
		await fn();
		passed++;
		console.log(`ok - ${name}`);
	} catch (e) {
		failed++;
		console.log(`slides browser: FAIL: ${name}: ${e.message.split('\n')[0]}`);
	}
}

const types = {
	'.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
	'.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.json': 'application/json',
	'.xml': 'application/xml', '.gif': 'image/gif', '.txt': 'text/plain',
};

// GitHub Pages' rules: /a/ serves a/index.html, /a serves a.html or a/index.html.
function serve(dir) {
	return new Promise((ok) => {
		server = createServer((req, res) => {
			let path;
			try {
				path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
			} catch {
				res.writeHead(400).end();
				return;
			}
			const file = normalize(join(dir, path));
			if (file !== dir && !file.startsWith(dir + sep)) {
				res.writeHead(403).end();
				return;
			}
			const tries = path.endsWith('/') ? [join(file, 'index.html')]
				: [file, file + '.html', join(file, 'index.html')];
			for (const f of tries) {
				try {
					if (!statSync(f).isFile()) continue;
				} catch {
					continue;
				}
				res.writeHead(200, { 'content-type': types[extname(f)] || 'application/octet-stream' });
				res.end(readFileSync(f));
				return;
			}
			res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
		});
		server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${server.address().port}`));
	});
}

// Polling by interval, not animation frames: a page in a second browser
// context may get none while another one is in front.

// Width and height of a PNG, from its IHDR chunk.
function pngSize(file) {
	const b = readFileSync(file);
	check(b.length > 24 && b.toString('latin1', 1, 4) === 'PNG', `${file} is not a PNG`);
	return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), bytes: b.length };
}

// The deck's state as the page shows it.
function deckState(page) {
	return page.evaluate(() => {
		const slides = [...document.querySelectorAll('#slides > .slide')];
		const shown = slides.filter((s) => s.getBoundingClientRect().width > 0 && getComputedStyle(s).display !== 'none');
		const cur = document.querySelector('#slides > .slide.is-current');
		return {
			n: slides.length,
			current: cur ? Number(cur.dataset.slide) : 0,
			shown: shown.map((s) => Number(s.dataset.slide)),
			hash: location.hash,
			counter: (document.querySelector('.deck-counter') || {}).textContent,
			overview: document.getElementById('deck').classList.contains('is-overview'),
		};
	});
}

async function expectSlide(page, i, n) {
	await page.waitForFunction((k) => {
		const c = document.querySelector('#slides > .slide.is-current');
		return c && Number(c.dataset.slide) === k;
	}, i, { timeout: STEP_MS, polling: 50 });
	const st = await deckState(page);
	check(st.hash === `#${i}`, `hash ${st.hash}, want #${i}`);
	check(st.counter === `${i} / ${n}`, `counter "${st.counter}", want "${i} / ${n}"`);
	check(st.shown.length === 1 && st.shown[0] === i, `slides shown ${JSON.stringify(st.shown)}, want [${i}]`);
}

async function main() {
	const b = spawnSync(pnyx, ['build', '-s', source, '-d', site, '-q'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
	check(b.status === 0, `pnyx build failed (${b.status}): ${b.stderr}`);
	const base = await serve(site);
	mkdirSync(shots, { recursive: true });
	browser = await chromium.launch({
		executablePath: chromiumPath,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--no-first-run', '--disable-sync'],
		timeout: STEP_MS,
	});
	const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
	context.setDefaultTimeout(STEP_MS);
	const page = await context.newPage();
	const pageErrors = [];
	page.on('pageerror', (e) => pageErrors.push(e.message));
	const missing = [];
	page.on('response', (r) => { if (r.status() >= 400) missing.push(r.url()); });

	let n = 0;
	await step('the deck opens on its first slide, letterboxed 16:9, with its assets', async () => {
		await page.goto(base + DECK);
		await page.waitForSelector('#deck.is-live');
		const st = await deckState(page);
		n = st.n;
		check(n >= 20, `only ${n} slides`);
		await expectSlide(page, 1, n);
		const box = await page.locator('#slide-1').boundingBox();
		check(Math.abs(box.width - 1280) < 1 && Math.abs(box.height - 720) < 1, `slide box ${box.width}x${box.height}`);
		check(await page.locator('.deck-nav').isVisible(), 'the controls are hidden');
		check(missing.length === 0, `missing files: ${missing.join(' ')}`);
		const css = await page.evaluate(() => [...document.styleSheets].map((s) => s.href));
		check(css.every((h) => h && h.startsWith(base + '/')), `a stylesheet from elsewhere: ${css}`);
	});

	await step('ArrowRight, Space, ArrowLeft, End, Home, PageDown move and the hash follows', async () => {
		await page.keyboard.press('ArrowRight');
		await expectSlide(page, 2, n);
		await page.keyboard.press('Space');
		await expectSlide(page, 3, n);
		await page.keyboard.press('ArrowLeft');
		await expectSlide(page, 2, n);
		await page.keyboard.press('End');
		await expectSlide(page, n, n);
		await page.keyboard.press('ArrowRight');
		await expectSlide(page, n, n);
		await page.keyboard.press('Home');
		await expectSlide(page, 1, n);
		await page.keyboard.press('PageDown');
		await expectSlide(page, 2, n);
		const bar = await page.$eval('.deck-progress-bar', (e) => e.style.width);
		check(bar && bar !== '0%', `progress bar width ${bar}`);
	});

	await step('the next/previous buttons move', async () => {
		await page.click('[data-action="next"]');
		await expectSlide(page, 3, n);
		await page.click('[data-action="prev"]');
		await expectSlide(page, 2, n);
	});

	await step('a link with #5 opens slide 5, and a hash change moves', async () => {
		await page.goto('about:blank');
		await page.goto(base + DECK + '#5');
		await page.waitForSelector('#deck.is-live');
		await expectSlide(page, 5, n);
		await page.evaluate(() => { location.hash = '#7'; });
		await expectSlide(page, 7, n);
		await page.evaluate(() => { location.hash = '#slide-9'; });
		await expectSlide(page, 9, n);
	});

	await step('O shows every slide; a click goes there; Escape closes', async () => {
		await page.keyboard.press('o');
		await page.waitForFunction(() => document.getElementById('deck').classList.contains('is-overview'), null, { polling: 50 });
		let st = await deckState(page);
		check(st.shown.length === n, `overview shows ${st.shown.length} of ${n} slides`);
		await page.locator('#slide-3').click();
		await expectSlide(page, 3, n);
		st = await deckState(page);
		check(!st.overview, 'the overview stayed open after a click');
		await page.keyboard.press('O');
		await page.waitForFunction(() => document.getElementById('deck').classList.contains('is-overview'), null, { polling: 50 });
		await page.keyboard.press('Escape');
		await expectSlide(page, 3, n);
	});

	await step('S opens the speaker view: notes, next slide, clock, timer, kept in step', async () => {
		await page.goto(base + DECK + '#1');
		await page.waitForSelector('#deck.is-live');
		const [speaker] = await Promise.all([
			context.waitForEvent('page', { timeout: STEP_MS }),
			page.keyboard.press('s'),
		]);
		await speaker.waitForSelector('.speaker');
		check(new URL(speaker.url()).search === '?speaker', `speaker URL ${speaker.url()}`);
		const notes = await speaker.textContent('.speaker-notes-body');
		check(/Accueillir les participants/.test(notes), `notes of slide 1: ${notes}`);
		check(await speaker.locator('.speaker-next .slide h2').count() === 1, 'no next slide preview');
		check(/^\d\d:\d\d$/.test(await speaker.textContent('.speaker-clock')), 'no clock');
		check(/^\d\d:\d\d:\d\d$/.test(await speaker.textContent('.speaker-timer')), 'no timer');
		// the speaker moves, the deck follows; and back
		await speaker.keyboard.press('ArrowRight');
		await expectSlide(page, 2, n);
		await page.keyboard.press('ArrowRight');
		await speaker.waitForFunction(() => document.querySelector('.speaker-counter').textContent.startsWith('3 /'), null, { polling: 50 });
		await speaker.close();
	});

	await step('no slide overflows its 16:9 frame at 1280×720', async () => {
		const over = [];
		for (let i = 1; i <= n; i++) {
			await page.evaluate((k) => { location.hash = '#' + k; }, i);
			await expectSlide(page, i, n);
			const [sh, ch, sw, cw] = await page.$eval(`#slide-${i} .slide-body`,
				(b) => [b.scrollHeight, b.clientHeight, b.scrollWidth, b.clientWidth]);
			if (sh > ch + 1 || sw > cw + 1) over.push(`${i} (${sw}x${sh} in ${cw}x${ch})`);
		}
		check(over.length === 0, `content cut off on slides ${over.join(', ')}`);
	});

	await step('title slide screenshot at 1280×720', async () => {
		await page.goto(base + DECK + '#1');
		await page.waitForSelector('#deck.is-live');
		await expectSlide(page, 1, n);
		const file = join(shots, 'slides-title-1280x720.png');
		await page.screenshot({ path: file });
		const s = pngSize(file);
		check(s.width === 1280 && s.height === 720 && s.bytes > 5000, `${s.width}x${s.height}, ${s.bytes} bytes`);
	});

	await step('on a phone (375×667) the slide is letterboxed, a swipe moves, screenshot', async () => {
		const phone = await browser.newContext({ viewport: { width: 375, height: 667 }, hasTouch: true, isMobile: true });
		const p = await phone.newPage();
		p.setDefaultTimeout(STEP_MS);
		await p.goto(base + DECK);
		await p.waitForSelector('#deck.is-live');
		await expectSlide(p, 1, n);
		const box = await p.locator('#slide-1').boundingBox();
		check(Math.abs(box.width - 375) < 1 && Math.abs(box.height - 375 * 9 / 16) < 1.5,
			`slide box ${box.width}x${box.height}`);
		check(Math.abs(box.y - (667 - box.height) / 2) < 2, `slide not centred: top ${box.y}`);
		const file = join(shots, 'slides-title-375x667.png');
		await p.screenshot({ path: file });
		const s = pngSize(file);
		check(s.width === 375 && s.height === 667 && s.bytes > 2000, `${s.width}x${s.height}, ${s.bytes} bytes`);
		const cdp = await phone.newCDPSession(p);
		const touch = async (type, x) => cdp.send('Input.dispatchTouchEvent', {
			type, touchPoints: type === 'touchEnd' ? [] : [{ x, y: 330 }],
		});
		await touch('touchStart', 300);
		await touch('touchMove', 200);
		await touch('touchMove', 80);
		await touch('touchEnd', 80);
		await expectSlide(p, 2, n);
		await touch('touchStart', 80);
		await touch('touchMove', 300);
		await touch('touchEnd', 300);
		await expectSlide(p, 1, n);
		await phone.close();
	});

	await step('without JavaScript every slide shows, one after another', async () => {
		const nojs = await browser.newContext({ viewport: { width: 1280, height: 720 }, javaScriptEnabled: false });
		const p = await nojs.newPage();
		p.setDefaultTimeout(STEP_MS);
		await p.goto(base + DECK + '#5');
		const st = await deckState(p);
		check(st.shown.length === n, `${st.shown.length} of ${n} slides shown`);
		const tops = await p.$$eval('#slides > .slide', (ss) => ss.map((s) => s.getBoundingClientRect().top));
		check(tops.every((t, i) => i === 0 || t > tops[i - 1]), 'slides are not one after another');
		check(!(await p.locator('.deck-nav').isVisible()), 'controls shown without JavaScript');
		check(!(await p.locator('.notes').first().isVisible()), 'speaker notes shown to the audience');
		await nojs.close();
	});

	await step('the page of slide 5 links to slides 4 and 6 and back to the deck', async () => {
		await page.goto(base + DECK + '5/');
		check(await page.locator('#slide-5').isVisible(), 'slide 5 not shown');
		const prev = await page.getAttribute('a[rel=prev]', 'href');
		const next = await page.getAttribute('a[rel=next]', 'href');
		check(prev === DECK + '4/', `prev ${prev}`);
		check(next === DECK + '6/', `next ${next}`);
		const deck = await page.getAttribute('.pager-where a', 'href');
		check(deck === DECK + '#slide-5', `deck link ${deck}`);
		await page.keyboard.press('ArrowRight');
		await page.waitForURL(base + DECK + '6/');
		await page.goto(base + DECK + '1/');
		check(await page.locator('a[rel=prev]').count() === 0, 'slide 1 has a previous link');
		await page.goto(base + DECK + `${n}/`);
		check(await page.locator('a[rel=next]').count() === 0, 'the last slide has a next link');
	});

	await step('print media: one 16:9 page per slide, notes and controls hidden', async () => {
		await page.goto(base + DECK + 'print/');
		await page.emulateMedia({ media: 'print' });
		const r = await page.evaluate(() => {
			const ss = [...document.querySelectorAll('#slides > .slide')];
			return {
				n: ss.length,
				sizes: [...new Set(ss.map((s) => `${Math.round(s.getBoundingClientRect().width * 9 / 16)}=${Math.round(s.getBoundingClientRect().height)}`))],
				notes: [...document.querySelectorAll('.notes')].filter((x) => getComputedStyle(x).display !== 'none').length,
				breaks: ss.slice(1).every((s) => getComputedStyle(s).breakBefore === 'page'),
			};
		});
		check(r.n === n, `print page has ${r.n} slides, the deck ${n}`);
		check(r.notes === 0, `${r.notes} notes printed`);
		check(r.breaks, 'slides do not start a new page');
		await page.emulateMedia({ media: 'screen' });
	});

	await step('no script errors', async () => {
		check(pageErrors.length === 0, pageErrors.join(' | '));
	});
}

const timer = setTimeout(() => {
	console.log(`slides browser: FAIL: the whole run took more than ${TOTAL_MS / 1000} s`);
	process.exit(1);
}, TOTAL_MS);

try {
	await main();
} catch (e) {
	failed++;
	console.log(`slides browser: FAIL: ${e.message.split('\n')[0]}`);
} finally {
	if (browser) await browser.close().catch(() => {});
	if (server) server.close();
	rmSync(tmp, { recursive: true, force: true });
	clearTimeout(timer);
}
console.log(`slides browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
