/* slides.js: presenting a deck (layout slides) and stepping through
 * one-slide pages (layout slide). No framework, no build step.
 *
 * Deck: one slide at a time, letterboxed (slides.css does the 16:9 fit);
 * ← → Space PageUp PageDown Home End move; the hash is the slide number
 * (#5); O toggles an overview of all slides; S opens the speaker view (the
 * same page with ?speaker, in a second window) kept in step with a
 * BroadcastChannel; swipes move on touch screens. Without this script
 * every slide shows, one after another. */
(function () {
  "use strict";

  var doc = document;

  /* Keys that move, as offsets; "first"/"last" for Home/End. */
  function moveFor(e) {
    switch (e.key) {
      case "ArrowRight": case "ArrowDown": case "PageDown": case "Right": case "Down":
        return 1;
      case "ArrowLeft": case "ArrowUp": case "PageUp": case "Left": case "Up":
        return -1;
      case " ": case "Spacebar":
        return e.shiftKey ? -1 : 1;
      case "Home": return "first";
      case "End": return "last";
    }
    return 0;
  }

  /* Keys are left alone in form fields and with modifiers (browser shortcuts). */
  function ignoredKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return true;
    var t = e.target;
    return !!(t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)));
  }

  /* ---- A slide on its own page: arrows follow the prev/next links ---- */

  function single() {
    doc.addEventListener("keydown", function (e) {
      if (ignoredKey(e)) return;
      var m = moveFor(e);
      var link = m === 1 ? doc.querySelector("a[rel=next]") : m === -1 ? doc.querySelector("a[rel=prev]") : null;
      if (link) {
        e.preventDefault();
        window.location.href = link.href;
      }
    });
  }

  /* ---- The deck ---- */

  function Deck(root) {
    this.root = root;
    this.slides = Array.prototype.slice.call(root.querySelectorAll(".deck-slides > .slide"));
    this.n = this.slides.length;
    this.current = 0;
    this.overview = false;
    this.counter = root.querySelector(".deck-counter");
    this.bar = root.querySelector(".deck-progress-bar");
    this.overviewButton = root.querySelector('[data-action="overview"]');
    this.channel = null;
    this.speaker = null;
    this.t = root.dataset;
  }

  /* The slide number a hash names: #5 or #slide-5; 0 when none. */
  Deck.prototype.fromHash = function () {
    var m = /^#(?:slide-)?(\d+)$/.exec(window.location.hash);
    var i = m ? parseInt(m[1], 10) : 0;
    return i >= 1 && i <= this.n ? i : 0;
  };

  /* Shows slide i (1-based, clamped). Tells the other window unless the
   * move came from it. */
  Deck.prototype.go = function (i, quiet) {
    if (!this.n) return;
    i = Math.max(1, Math.min(this.n, i));
    var prev = this.current;
    this.current = i;
    for (var k = 0; k < this.n; k++) {
      var s = this.slides[k];
      var on = k === i - 1;
      s.classList.toggle("is-current", on);
      if (on) s.removeAttribute("aria-hidden");
      else if (!this.overview) s.setAttribute("aria-hidden", "true");
    }
    if (this.counter) this.counter.textContent = i + " / " + this.n;
    if (this.bar) this.bar.style.width = (this.n > 1 ? ((i - 1) / (this.n - 1)) * 100 : 100) + "%";
    if (window.location.hash !== "#" + i && window.history && history.replaceState)
      history.replaceState(null, "", "#" + i);
    if (this.speaker) this.speaker.render(i);
    if (!quiet && prev !== i && this.channel) this.channel.postMessage({ type: "go", slide: i });
  };

  Deck.prototype.move = function (m) {
    if (m === "first") this.go(1);
    else if (m === "last") this.go(this.n);
    else this.go(this.current + m);
  };

  Deck.prototype.toggleOverview = function (on) {
    this.overview = on === undefined ? !this.overview : on;
    this.root.classList.toggle("is-overview", this.overview);
    if (this.overviewButton) this.overviewButton.setAttribute("aria-pressed", String(this.overview));
    var self = this;
    this.slides.forEach(function (s, k) {
      if (self.overview) {
        s.setAttribute("tabindex", "0");
        s.setAttribute("role", "button");
        s.removeAttribute("aria-hidden");
      } else {
        s.removeAttribute("tabindex");
        s.removeAttribute("role");
        if (k !== self.current - 1) s.setAttribute("aria-hidden", "true");
      }
    });
    if (this.overview) {
      this.fitThumbs();
      var cur = this.slides[this.current - 1];
      if (cur) {
        cur.focus({ preventScroll: true });
        cur.scrollIntoView({ block: "center" });
      }
    } else {
      this.root.scrollTop = 0;
    }
  };

  /* The overview's thumbnails are full-size slides scaled to the grid's
   * column width (see slides.css). */
  Deck.prototype.fitThumbs = function () {
    var grid = this.root.querySelector(".deck-slides");
    grid.style.removeProperty("--thumb");
    var w = parseFloat(getComputedStyle(grid).gridTemplateColumns);
    if (w > 0) grid.style.setProperty("--thumb", String(w / 1280));
  };

  /* Opens (or brings forward) the speaker view. */
  Deck.prototype.openSpeaker = function () {
    var url = window.location.pathname + "?speaker#" + this.current;
    var w = window.open(url, "pnyx-speaker-" + window.location.pathname);
    if (w) w.focus();
  };

  Deck.prototype.bindKeys = function () {
    var self = this;
    doc.addEventListener("keydown", function (e) {
      if (ignoredKey(e)) return;
      if (self.overview) {
        if (e.key === "Escape" || e.key === "o" || e.key === "O") {
          e.preventDefault();
          self.toggleOverview(false);
        } else if ((e.key === "Enter" || e.key === " ") && e.target.classList && e.target.classList.contains("slide")) {
          e.preventDefault();
          self.go(self.slides.indexOf(e.target) + 1);
          self.toggleOverview(false);
        }
        return;
      }
      var m = moveFor(e);
      if (m) {
        e.preventDefault();
        self.move(m);
      } else if (e.key === "o" || e.key === "O") {
        e.preventDefault();
        self.toggleOverview();
      } else if ((e.key === "s" || e.key === "S") && !self.speaker) {
        e.preventDefault();
        self.openSpeaker();
      } else if ((e.key === "f" || e.key === "F") && doc.documentElement.requestFullscreen) {
        e.preventDefault();
        if (doc.fullscreenElement) doc.exitFullscreen();
        else doc.documentElement.requestFullscreen().catch(function () {});
      }
    });
  };

  Deck.prototype.bindPointer = function () {
    var self = this;
    this.root.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("[data-action]") : null;
      if (b) {
        var a = b.getAttribute("data-action");
        if (a === "prev") self.move(-1);
        else if (a === "next") self.move(1);
        else if (a === "overview") self.toggleOverview();
        else if (a === "speaker") self.openSpeaker();
        return;
      }
      if (!self.overview) return;
      var s = e.target.closest ? e.target.closest(".slide") : null;
      if (s) {
        e.preventDefault();
        self.go(self.slides.indexOf(s) + 1);
        self.toggleOverview(false);
      }
    });
    /* Horizontal swipes on touch screens; vertical ones scroll. */
    var x0 = null, y0 = 0;
    this.root.addEventListener("touchstart", function (e) {
      if (e.touches.length !== 1 || self.overview) { x0 = null; return; }
      x0 = e.touches[0].clientX;
      y0 = e.touches[0].clientY;
    }, { passive: true });
    this.root.addEventListener("touchend", function (e) {
      if (x0 === null || !e.changedTouches.length) return;
      var dx = e.changedTouches[0].clientX - x0, dy = e.changedTouches[0].clientY - y0;
      x0 = null;
      if (Math.abs(dx) > 40 && Math.abs(dx) > 1.5 * Math.abs(dy)) self.move(dx < 0 ? 1 : -1);
    }, { passive: true });
    window.addEventListener("resize", function () {
      if (self.overview) self.fitThumbs();
    });
    window.addEventListener("hashchange", function () {
      var i = self.fromHash();
      if (i && i !== self.current) self.go(i);
    });
  };

  /* Keeps the deck and its speaker view on the same slide. */
  Deck.prototype.bindChannel = function () {
    if (!("BroadcastChannel" in window)) return;
    var self = this;
    this.channel = new BroadcastChannel("pnyx-slides:" + window.location.pathname);
    this.channel.onmessage = function (e) {
      var d = e.data || {};
      if (d.type === "go" && typeof d.slide === "number") self.go(d.slide, true);
      else if (d.type === "hello" && !self.speaker) self.channel.postMessage({ type: "go", slide: self.current });
    };
    if (this.speaker) this.channel.postMessage({ type: "hello" });
  };

  /* ---- Speaker view: this slide's notes, the next slide, clock, timer ---- */

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  /* A copy of a slide for a preview: no ids (they stay unique), no notes. */
  function preview(slide) {
    var c = slide.cloneNode(true);
    c.removeAttribute("id");
    c.classList.remove("is-current");
    c.removeAttribute("aria-hidden");
    c.removeAttribute("tabindex");
    c.removeAttribute("role");
    Array.prototype.forEach.call(c.querySelectorAll("[id]"), function (x) { x.removeAttribute("id"); });
    var notes = c.querySelector(".notes");
    if (notes) notes.parentNode.removeChild(notes);
    return c;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function Speaker(deck) {
    var t = deck.t;
    this.deck = deck;
    this.started = Date.now();
    var box = el("div", "speaker");
    var bar = el("header", "speaker-bar");
    this.clock = el("span", "speaker-clock");
    this.timer = el("button", "speaker-timer");
    this.timer.type = "button";
    this.timer.title = t.tElapsed || "";
    this.count = el("span", "speaker-counter");
    bar.appendChild(this.clock);
    bar.appendChild(this.timer);
    bar.appendChild(this.count);
    var cur = el("section", "speaker-current");
    cur.appendChild(el("h2", "speaker-label", t.tCurrent || "Slide"));
    this.curFrame = el("div", "speaker-frame");
    cur.appendChild(this.curFrame);
    var next = el("section", "speaker-next");
    next.appendChild(el("h2", "speaker-label", t.tUpnext || "Next"));
    this.nextFrame = el("div", "speaker-frame");
    next.appendChild(this.nextFrame);
    var notes = el("section", "speaker-notes");
    notes.setAttribute("aria-live", "polite");
    notes.appendChild(el("h2", "speaker-label", t.tNotes || "Notes"));
    this.notes = el("div", "speaker-notes-body");
    notes.appendChild(this.notes);
    box.appendChild(bar);
    box.appendChild(cur);
    box.appendChild(next);
    box.appendChild(notes);
    doc.body.appendChild(box);
    doc.body.classList.add("is-speaker");
    var self = this;
    this.timer.addEventListener("click", function () { self.started = Date.now(); self.tick(); });
    this.tick();
    setInterval(function () { self.tick(); }, 1000);
  }

  Speaker.prototype.tick = function () {
    var now = new Date();
    this.clock.textContent = pad(now.getHours()) + ":" + pad(now.getMinutes());
    var s = Math.max(0, Math.floor((Date.now() - this.started) / 1000));
    this.timer.textContent = pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
  };

  Speaker.prototype.render = function (i) {
    var d = this.deck, t = d.t;
    var slide = d.slides[i - 1];
    this.count.textContent = i + " / " + d.n;
    this.curFrame.textContent = "";
    this.curFrame.appendChild(preview(slide));
    this.nextFrame.textContent = "";
    if (i < d.n) this.nextFrame.appendChild(preview(d.slides[i]));
    else this.nextFrame.appendChild(el("div", "speaker-end", t.tEnd || "End"));
    this.notes.textContent = "";
    var notes = slide.querySelector(".notes");
    if (notes) {
      Array.prototype.forEach.call(notes.childNodes, function (n) {
        this.notes.appendChild(n.cloneNode(true));
      }, this);
    } else {
      this.notes.appendChild(el("p", "speaker-none", t.tNonotes || ""));
    }
  };

  /* ---- Start ---- */

  function start() {
    if (doc.body.classList.contains("slide-single")) {
      single();
      return;
    }
    var root = doc.getElementById("deck");
    if (!root) return;
    var deck = new Deck(root);
    if (!deck.n) return;
    var ui = root.querySelector(".deck-ui");
    if (ui) ui.hidden = false;
    if (/(^|[?&])speaker(=|&|$)/.test(window.location.search.slice(1))) deck.speaker = new Speaker(deck);
    deck.bindKeys();
    deck.bindPointer();
    deck.bindChannel();
    root.classList.add("is-live");
    deck.go(deck.fromHash() || 1, true);
    window.pnyxDeck = deck;
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();
