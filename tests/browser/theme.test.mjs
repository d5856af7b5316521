// The bundled site's theme in headless Chromium, as its readers get it: every page of both
// locales with no axe-core violation (its default rules: WCAG 2 A/AA and best practices) and no
// horizontal scrolling at 320 px; the skip link, focus styles, lang attributes, feeds, blog
// pagination, tags and previous/next; the search page with and without JavaScript; screenshots
// of four pages at 1280 and 375 px into build/screenshots/.
//   node tests/browser/theme.test.mjs SITE_DIR [BASED_SITE_DIR]
// SITE_DIR is a build of the site at the root, BASED_SITE_DIR one with --baseurl /osp (the
// search runs there too). The site is served from 127.0.0.1 by a small server below, the way
// GitHub Pages serves it (/agora -> agora.html, 404.html for what is missing); every request
// to another host is refused, so nothing leaves the machine. Drives Debian's Chromium
// (/usr/bin/chromium) with playwright-core; never downloads a browser. Every wait is bounded.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const siteDir = resolve(process.argv[2] || join(root, '_site'));
const basedDir = process.argv[3] ? resolve(process.argv[3]) : null;
const shotsDir = resolve(process.env.SCREENSHOTS || join(root, 'build', 'screenshots'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_MS = 15000;
const TOTAL_MS = 300000;

let passed = 0;
let failed = 0;

function check(name, ok, detail) {
	if (ok) {
		passed++;
	} else {
		failed++;
		console.log(`theme: FAIL: ${name}${detail ? `: ${detail}` : ''}`);
	}
	return ok;
}

// ---- a static server, GitHub Pages style ----

const TYPES = {
	'.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
	'.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain',
	'.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml',
};

function serve(dir, prefix) {
	return new Promise((ok) => {
		const server = createServer((req, res) => {
			let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
			let status = 200;
			let file = null;
			if (path === prefix || path.startsWith(prefix + '/') || prefix === '') {
				path = path.slice(prefix.length) || '/';
				const base = resolve(dir, '.' + path);
				if (base === dir || base.startsWith(dir + sep)) {
					for (const f of [base, join(base, 'index.html'), base + '.html'])
						if (existsSync(f) && statSync(f).isFile()) { file = f; break; }
					if (!file && existsSync(base) && statSync(base).isDirectory() && !path.endsWith('/')) {
						res.writeHead(301, { Location: prefix + path + '/' });
						res.end();
						return;
					}
				}
			}
			if (!file) {
				status = 404;
				file = join(dir, '404.html');
			}
			const body = existsSync(file) ? readFileSync(file) : Buffer.from('not found');
			res.writeHead(status, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
			res.end(req.method === 'HEAD' ? undefined : body);
		});
		server.listen(0, '127.0.0.1', () => ok(server));
	});
}

// Every HTML page of a build, as URL paths the way they are linked (/agora, /blog/).
function pagesOf(dir) {
	const out = [];
	const walk = (d) => {
		for (const name of readdirSync(d).sort()) {
			const p = join(d, name);
			if (statSync(p).isDirectory()) walk(p);
			else if (name.endsWith('.html')) out.push(relative(dir, p).split(sep).join('/'));
		}
	};
	walk(dir);
	return out.map((rel) => '/' + rel.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, (m) => (rel === '404.html' || rel.endsWith('/404.html') ? m : '')));
}

// What locale a page is in: English pages live under /en/.
function localeOf(path) {
	return path === '/en/' || path.startsWith('/en/') ? 'en' : 'fr';
}

// PNG size from its IHDR chunk.
function pngSize(file) {
	const b = readFileSync(file);
	if (b.length < 24 || b.toString('latin1', 1, 4) !== 'PNG') return null;
	return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), bytes: b.length };
}

function withTimeout(promise, ms, what) {
	let timer;
	return Promise.race([
		promise.finally(() => clearTimeout(timer)),
		new Promise((_, ko) => { timer = setTimeout(() => ko(new Error(`${what}: no end in ${ms} ms`)), ms); }),
	]);
}

async function newContext(browser, options) {
	const context = await browser.newContext({ deviceScaleFactor: 1, ...options });
	context.setDefaultTimeout(STEP_MS);
	// Nothing but the local server: the blog's Medium images and external links stay unloaded.
	await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
	return context;
}

async function main() {
	const server = await serve(siteDir, '');
	const origin = `http://127.0.0.1:${server.address().port}`;
	const basedServer = basedDir ? await serve(basedDir, '/osp') : null;
	const basedOrigin = basedServer ? `http://127.0.0.1:${basedServer.address().port}` : null;
	const browser = await chromium.launch({
		executablePath: chromiumPath,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--no-first-run', '--disable-sync'],
		timeout: STEP_MS,
	});
	try {
		await run(browser, origin, basedOrigin);
	} finally {
		await browser.close();
		server.close();
		if (basedServer) basedServer.close();
	}
}

async function run(browser, origin, basedOrigin) {
	const pages = pagesOf(siteDir);
	check('the site has pages', pages.length > 30, `${pages.length} pages`);
	const wide = await newContext(browser, { viewport: { width: 1280, height: 800 } });
	const phone = await newContext(browser, { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
	const page = await wide.newPage();
	const small = await phone.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	small.on('pageerror', (e) => errors.push(e.message));

	// ---- every page: axe, lang, landmarks, overflow at 320 px ----
	let axeClean = 0;
	for (const path of pages) {
		const res = await page.goto(origin + path, { waitUntil: 'load' });
		check(`${path} answers`, res.status() === 200, `HTTP ${res.status()}`);
		const lang = await page.evaluate(() => document.documentElement.lang);
		check(`${path} is in its locale`, lang === localeOf(path), `lang="${lang}"`);
		await page.addScriptTag({ content: axeSource });
		const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
		if (check(`${path}: axe-core`, result.violations.length === 0,
			result.violations.map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('; ')))
			axeClean++;
		const parts = await page.evaluate(() => ({
			main: document.querySelectorAll('main').length,
			h1: document.querySelectorAll('h1').length,
			skip: (document.querySelector('a.skip-link') || {}).hash || '',
			title: document.title,
		}));
		// The decks' own pages are laid out by the slides layouts: axe, html-validate and the
		// 320 px check apply to them, the theme's page structure does not.
		if (!path.startsWith('/slides/')) {
			check(`${path} has one main and one h1`, parts.main === 1 && parts.h1 === 1, JSON.stringify(parts));
			check(`${path} has a skip link to the main content`, parts.skip === '#contenu', parts.skip);
		}

		await small.goto(origin + path, { waitUntil: 'load' });
		const width = await small.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
		check(`${path} at 320 px: no horizontal scrolling`, width.scroll <= width.inner, `scrollWidth ${width.scroll} > ${width.inner}`);
	}
	console.log(`theme: axe-core: ${axeClean} of ${pages.length} pages without violations`);

	// ---- a missing page gets the 404 page, whose links work from any depth ----
	const missing = await page.goto(origin + '/pas/de/page/ici/', { waitUntil: 'load' });
	check('a missing page answers 404 with the site\'s 404 page', missing.status() === 404 &&
		await page.locator('h1').textContent() === 'Page introuvable');
	for (const href of await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href'))))
		check(`the 404 page's link ${href} is root-relative`, href.startsWith('/'), href);

	// ---- French fragments in English pages are marked ----
	for (const [path, selector] of [['/en/references/', '.ref-list a[lang="fr"]'], ['/en/agora', 'span[lang="fr"]'],
		['/en/training-decks/', '.deck-list a[lang="fr"]'], ['/en/blog/continuous-democracy/', 'a[hreflang="fr"]']]) {
		await page.goto(origin + path);
		check(`${path} marks French text`, await page.locator(selector).count() > 0, selector);
	}

	// ---- head: the locale's feed, hreflang ----
	for (const [path, feed] of [['/', '/feed.xml'], ['/en/', '/en/feed.xml'], ['/blog/', '/feed.xml'], ['/en/blog/', '/en/feed.xml']]) {
		await page.goto(origin + path);
		const href = await page.getAttribute('link[rel="alternate"][type="application/atom+xml"]', 'href');
		check(`${path} links its locale's feed`, href === feed, href);
		const res = await page.request.get(origin + feed);
		check(`${feed} is an Atom feed`, res.ok() && (await res.text()).includes('<feed xmlns="http://www.w3.org/2005/Atom"'));
	}

	// ---- skip link and focus styles ----
	await page.goto(origin + '/');
	await page.keyboard.press('Tab');
	const skip = await page.evaluate(() => {
		const a = document.activeElement;
		const r = a.getBoundingClientRect();
		const s = getComputedStyle(a);
		return { cls: a.className, left: r.left, top: r.top, outline: s.outlineStyle, width: s.outlineWidth };
	});
	check('the first Tab reaches the skip link, shown on screen', skip.cls === 'skip-link' && skip.left >= 0 && skip.top >= 0, JSON.stringify(skip));
	check('the focused skip link has an outline', skip.outline !== 'none' && skip.width !== '0px', JSON.stringify(skip));
	await page.keyboard.press('Enter');
	// The fragment navigation lands after the key press returns (CI saw page.url() still without
	// the hash): wait for it in the page rather than reading it once.
	const skipped = await page.waitForFunction(() => location.hash === '#contenu', null, { timeout: 5000 })
		.then(() => true, () => false);
	check('the skip link leads to the main content', skipped, await page.evaluate(() => location.href));
	const unfocused = [];
	for (let i = 0; i < 12; i++) {
		await page.keyboard.press('Tab');
		const f = await page.evaluate(() => {
			const a = document.activeElement;
			const s = getComputedStyle(a);
			return { tag: a.tagName, text: (a.textContent || a.name || '').trim().slice(0, 30), outline: s.outlineStyle, width: s.outlineWidth };
		});
		if (f.tag === 'BODY') break;
		if (f.outline === 'none' || f.width === '0px') unfocused.push(`${f.tag} ${f.text}`);
	}
	check('every control reached by Tab shows a focus outline', unfocused.length === 0, unfocused.join(', '));

	// ---- home, offers, About block ----
	for (const [path, offers] of [['/', 3], ['/en/', 3]]) {
		await page.goto(origin + path);
		check(`${path} presents the three offers`, await page.locator('#offres .card').count() === offers);
	}
	for (const path of ['/agora', '/budget-participatif', '/formation-civic-tech', '/en/agora', '/en/participatory-budget', '/en/training']) {
		await page.goto(origin + path);
		check(`${path} ends with one About block`, await page.locator('aside.about').count() === 1);
		check(`${path} has no <center> left`, await page.locator('center').count() === 0);
	}

	// ---- blog: pagination, posts, tags, previous/next ----
	for (const [blog, n] of [['/blog/', 7], ['/en/blog/', 7]]) {
		await page.goto(origin + blog);
		check(`${blog} lists 5 posts on page 1`, await page.locator('.post-list > li').count() === 5);
		const next = await page.getAttribute('.pagination a[rel="next"]', 'href');
		check(`${blog} links to its page 2`, next === `${blog}page/2/`, next);
		await page.goto(origin + next);
		check(`${blog}page/2/ lists the ${n - 5} oldest posts`, await page.locator('.post-list > li').count() === n - 5);
		check(`${blog}page/2/ links back to page 1`, await page.getAttribute('.pagination a[rel="prev"]', 'href') === blog);
		const post = await page.getAttribute('.post-list > li:first-child h2 a', 'href');
		await page.goto(origin + post);
		const meta = await page.evaluate(() => ({
			time: !!document.querySelector('.post-meta time[datetime]'),
			text: document.querySelector('.post-meta').textContent,
			tags: [...document.querySelectorAll('.tag-list a[rel="tag"]')].map((a) => a.getAttribute('href')),
			prev: !!document.querySelector('.post-nav a[rel="prev"]'),
			next: !!document.querySelector('.post-nav a[rel="next"]'),
		}));
		check(`${post} shows its date`, meta.time);
		check(`${post} shows its reading time`, /\d+ minute/.test(meta.text), meta.text);
		check(`${post} has tags`, meta.tags.length > 0);
		check(`${post} links the next post`, meta.next);
		for (const tag of meta.tags) {
			const res = await page.request.get(origin + tag);
			check(`tag page ${tag} exists`, res.status() === 200, `HTTP ${res.status()}`);
		}
	}

	// ---- search: with JavaScript, from the header's form ----
	for (const [home, word, expect] of [['/', 'budget', 'résultat'], ['/en/', 'budget', 'result']]) {
		await page.goto(origin + home);
		await page.fill('header .search-form input[name="q"]', word);
		await Promise.all([page.waitForURL(/[?&]q=/), page.press('header .search-form input[name="q"]', 'Enter')]);
		await page.waitForSelector('#search-app[data-done]', { state: 'attached' });
		const found = await page.evaluate(() => ({
			status: document.getElementById('search-status').textContent,
			links: [...document.querySelectorAll('#search-results a')].map((a) => a.getAttribute('href')),
			allHidden: document.getElementById('search-all').hidden,
		}));
		check(`search ${home} "${word}": results`, found.links.length >= 2 && found.status.includes(expect) && found.allHidden, JSON.stringify(found).slice(0, 300));
		for (const href of found.links) {
			const res = await page.request.get(origin + href);
			check(`search result ${href} exists`, res.status() === 200, `HTTP ${res.status()}`);
		}
		await page.fill('#recherche', 'zzzqqq');
		await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 0 &&
			document.getElementById('search-status').textContent.includes('zzzqqq'));
		check(`search ${home}: no result is said`, true);
		await page.addScriptTag({ content: axeSource });
		const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
		check(`search ${home} with results: axe-core`, result.violations.length === 0, result.violations.map((v) => v.id).join(', '));
	}
	// Accents and case do not matter.
	await page.goto(origin + '/recherche/?q=DEMOCRATIE');
	await page.waitForSelector('#search-app[data-done]', { state: 'attached' });
	check('search ignores accents and case', await page.locator('#search-results li').count() > 0);
	if (basedOrigin) {
		await page.goto(basedOrigin + '/osp/en/search/?q=consultation');
		await page.waitForSelector('#search-app[data-done]', { state: 'attached' });
		const links = await page.$$eval('#search-results a', (as) => as.map((a) => a.getAttribute('href')));
		check('search under --baseurl /osp: results', links.length > 0 && links.every((l) => l.startsWith('/osp/')), links.join(' '));
		for (const href of links) {
			const res = await page.request.get(basedOrigin + href);
			check(`search result ${href} exists`, res.status() === 200, `HTTP ${res.status()}`);
		}
	}
	// Without JavaScript the form still leads to the search page, which lists every page.
	const nojs = await newContext(browser, { viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
	const plain = await nojs.newPage();
	await plain.goto(origin + '/agora');
	await plain.fill('header .search-form input[name="q"]', 'consul');
	await Promise.all([plain.waitForURL(/\/recherche\/\?q=consul/), plain.press('header .search-form input[name="q"]', 'Enter')]);
	const listed = await plain.locator('#search-all a').count();
	check('without JavaScript the search page lists every page', listed >= 15 && await plain.locator('#search-all').isVisible(), `${listed} links`);
	await nojs.close();

	// ---- the deck list ----
	for (const path of ['/formations/', '/en/training-decks/']) {
		await page.goto(origin + path);
		const decks = await page.$$eval('.deck-list a', (as) => as.map((a) => a.getAttribute('href')));
		check(`${path} lists the decks`, decks.includes('/slides/formation-democracyos/'), decks.join(' '));
	}

	// ---- screenshots ----
	mkdirSync(shotsDir, { recursive: true });
	const shots = [['home', '/'], ['offer', '/budget-participatif'], ['post', '/blog/2017/06/14/democracyos-ou-consul/'],
		['deck', '/slides/formation-democracyos/']];
	for (const [width, height] of [[1280, 800], [375, 812]]) {
		const context = await newContext(browser, { viewport: { width, height } });
		const shot = await context.newPage();
		for (const [name, path] of shots) {
			await shot.goto(origin + path, { waitUntil: 'load' });
			const file = join(shotsDir, `${name}-${width}.png`);
			await shot.screenshot({ path: file });
			const size = pngSize(file);
			check(`screenshot ${name}-${width}.png is ${width}x${height}`, size && size.width === width && size.height === height, JSON.stringify(size));
			// A page with text and colour compresses to more than a blank one, and stays small.
			check(`screenshot ${name}-${width}.png has content`, size && size.bytes > 8000 && size.bytes < 1500000, `${size && size.bytes} bytes`);
		}
		await context.close();
	}
	console.log(`theme: screenshots in ${relative(root, shotsDir) || shotsDir}`);

	check('no script error on any page', errors.length === 0, errors.join('; '));
	await wide.close();
	await phone.close();
}

try {
	await withTimeout(main(), TOTAL_MS, 'the theme test');
} catch (e) {
	failed++;
	console.log(`theme: FAIL: ${e.message.split('\n')[0]}`);
}
console.log(`theme: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
