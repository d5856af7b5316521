/* osp: search in the browser, with no server. The search page (layouts/search.html) is a plain
 * GET form that lists every page of the site; this script reads ?q=, loads the locale's
 * search.json (written by pnyx: [{title, url, date, excerpt, tags}]) and shows the entries that
 * contain every word of the query (accents and case ignored), best matches first. */
(function () {
	'use strict';

	var app = document.getElementById('search-app');
	if (!app || !window.fetch || !window.URLSearchParams)
		return;
	var form = app.querySelector('form');
	var input = form.querySelector('input[name="q"]');
	var status = document.getElementById('search-status');
	var results = document.getElementById('search-results');
	var all = document.getElementById('search-all');
	var lang = document.documentElement.lang || 'en';
	var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
	var dates = window.Intl && Intl.DateTimeFormat ?
		new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }) : null;
	var loading = null;
	var timer = 0;

	/* Lower case without accents: "Démocratie" and "democratie" match. */
	function fold(s) {
		return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
	}

	function load() {
		if (!loading) {
			status.textContent = app.getAttribute('data-loading');
			loading = fetch(app.getAttribute('data-index'), { credentials: 'same-origin' })
				.then(function (r) {
					if (!r.ok)
						throw new Error('search index: HTTP ' + r.status);
					return r.json();
				})
				.then(function (list) {
					return list.map(function (e) {
						var tags = Array.isArray(e.tags) ? e.tags : [];
						return { entry: e, title: fold(e.title), tags: fold(tags.join(' ')), text: fold(e.excerpt) };
					});
				});
		}
		return loading;
	}

	/* Every word must appear; the title counts most, then tags, then the excerpt. */
	function match(index, query) {
		var words = fold(query).split(/\s+/).filter(Boolean);
		if (!words.length)
			return [];
		var found = [];
		index.forEach(function (item) {
			var score = 0;
			for (var i = 0; i < words.length; i++) {
				var w = words[i], s = 0;
				if (item.title.indexOf(w) >= 0) s += 3;
				if (item.tags.indexOf(w) >= 0) s += 2;
				if (item.text.indexOf(w) >= 0) s += 1;
				if (!s)
					return;
				score += s;
			}
			found.push({ score: score, entry: item.entry });
		});
		return found.sort(function (a, b) {
			return b.score - a.score || String(b.entry.date || '').localeCompare(String(a.entry.date || ''));
		});
	}

	function message(n, query) {
		var form = n === 0 ? 'zero' : (plural ? plural.select(n) : (n === 1 ? 'one' : 'other'));
		var text = app.getAttribute('data-' + form) || app.getAttribute('data-other');
		return text.replace('%{count}', String(n)).replace('%{query}', query);
	}

	function item(entry) {
		var li = document.createElement('li');
		li.className = 'post-item';
		var h = document.createElement('h2');
		var a = document.createElement('a');
		a.href = entry.url;
		a.textContent = entry.title;
		h.appendChild(a);
		li.appendChild(h);
		if (entry.date && dates) {
			var meta = document.createElement('p');
			meta.className = 'post-meta';
			var time = document.createElement('time');
			time.dateTime = entry.date;
			var d = new Date(entry.date + 'T00:00:00Z');
			time.textContent = isNaN(d) ? entry.date : dates.format(d);
			meta.appendChild(time);
			li.appendChild(meta);
		}
		if (entry.excerpt) {
			var p = document.createElement('p');
			p.textContent = entry.excerpt.length > 220 ? entry.excerpt.slice(0, 220).replace(/\s+\S*$/, '') + '…' : entry.excerpt;
			li.appendChild(p);
		}
		return li;
	}

	function show(query) {
		query = query.trim();
		if (!query) {
			results.hidden = true;
			results.textContent = '';
			status.textContent = '';
			all.hidden = false;
			return Promise.resolve();
		}
		return load().then(function (index) {
			var found = match(index, query);
			results.textContent = '';
			found.forEach(function (f) { results.appendChild(item(f.entry)); });
			results.hidden = found.length === 0;
			all.hidden = true;
			status.textContent = message(found.length, query);
		}, function () {
			results.hidden = true;
			all.hidden = false;
			status.textContent = app.getAttribute('data-error');
		});
	}

	/* The query stays in the address: a result page can be bookmarked or shared. */
	function remember(query) {
		var url = new URL(window.location.href);
		if (query.trim())
			url.searchParams.set('q', query.trim());
		else
			url.searchParams.delete('q');
		window.history.replaceState(null, '', url.toString());
	}

	form.addEventListener('submit', function (ev) {
		ev.preventDefault();
		remember(input.value);
		show(input.value);
	});
	input.addEventListener('input', function () {
		clearTimeout(timer);
		timer = setTimeout(function () {
			remember(input.value);
			show(input.value);
		}, 250);
	});

	var q = new URLSearchParams(window.location.search).get('q') || '';
	input.value = q;
	app.setAttribute('data-ready', '');
	show(q).then(function () { app.setAttribute('data-done', ''); });
})();
