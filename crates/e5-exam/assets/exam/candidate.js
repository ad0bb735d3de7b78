// Candidate pages (their sandbox and /epreuve): a top banner with the timer and the
// subject, and the screen recorder that mirrors the page to the examiner's console.
(function () {
  "use strict";
  var me = document.currentScript;
  var record = me && me.dataset.enregistrer === "true";
  var inSandbox = /^\/s\//.test(location.pathname);

  if (inSandbox) {
    var bar = document.createElement("div");
    bar.className = "bandeau-candidat";
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "Épreuve E5");
    bar.style.cssText = "position:sticky;top:0;z-index:9999;display:flex;gap:1.5em;align-items:center;flex-wrap:wrap;padding:.4em 1em;background:#1d3557;color:#fff;font:15px/1.4 system-ui,sans-serif";
    if (record) {
      // The clock itself is not announced every second: a status region says when it
      // starts, pauses, nears its end (5 and 1 minute) and ends.
      bar.innerHTML = '<strong>Épreuve E5</strong><span data-temps>…</span>' +
        '<span data-annonce role="status" style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)"></span>' +
        '<a href="/epreuve/sujet" style="color:#fff">Sujet</a><a href="/epreuve" style="color:#fff">Mon épreuve</a>';
    } else {
      bar.innerHTML = '<strong>Consultation en lecture seule</strong><span>site d\'un candidat – aucune modification possible</span>';
    }
    document.body.insertBefore(bar, document.body.firstChild);
    document.documentElement.classList.add("avec-bandeau-candidat");
  }

  // Drafts kept by brouillon.js belong to one sandbox: those of any other (the previous
  // candidate on this workstation) are deleted as soon as the candidate is known.
  function forgetOtherDrafts(sandbox) {
    if (!sandbox) return;
    try {
      var s = window.localStorage, mine = "e5-brouillon:/s/" + sandbox + "/", old = [];
      for (var i = 0; i < s.length; i++) {
        var k = s.key(i);
        if (k && k.indexOf("e5-brouillon:") === 0 && k.indexOf(mine) !== 0) old.push(k);
      }
      old.forEach(function (k) { s.removeItem(k); });
    } catch (e) { /* no storage: nothing kept */ }
  }

  // The timer: the server is the reference, the page counts down between two checks.
  // overAtLoad: whether the time was already over when this page was shown (null: not known yet).
  var remaining = null, running = false, overAtLoad = null, state = "", said = "";
  // What the candidate reads: each state of the clock named as such.
  function label(text) {
    switch (state) {
      case "lecture": return "Épreuve terminée – lecture seule";
      case "attente": return "Chronomètre " + text + " – pas encore lancé par l'examinateur : site en lecture seule";
      case "pause": return "Chronomètre " + text + " – en pause : site en lecture seule";
      case "grace": return "Temps écoulé – délai de grâce : terminez et enregistrez";
      default: return "Temps restant " + text;
    }
  }
  // What a screen reader hears, once per change: the state, and the last 5 minutes and minute.
  function announcement() {
    if (state === "marche") {
      return remaining <= 60 ? "Plus qu'une minute." : remaining <= 300 ? "Plus que 5 minutes." : "Chronomètre en marche.";
    }
    return { lecture: "Épreuve terminée : lecture seule.", attente: "Chronomètre pas encore lancé : site en lecture seule.",
      pause: "Chronomètre en pause : site en lecture seule.", grace: "Temps écoulé : délai de grâce." }[state] || "";
  }
  var first = true;
  function show() {
    var el = document.querySelector("[data-temps]");
    var big = document.querySelector("[data-chrono-candidat]");
    if (remaining === null) return;
    var m = Math.floor(remaining / 60), s = remaining % 60;
    var text = (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    var shown = label(text);
    // The last five minutes and the grace period stand out: time is (nearly) up.
    var warning = (state === "marche" && remaining <= 300) || state === "grace";
    if (el) {
      el.textContent = shown;
      el.style.cssText = warning ? "background:#ffd166;color:#1d3557;padding:0 .4em;border-radius:3px;font-weight:700" : "";
    }
    if (big) {
      big.textContent = "";
      var p = document.createElement("p");
      p.textContent = shown;
      big.appendChild(p);
      big.classList.toggle("alerte", warning);
    }
    var news = announcement();
    if (news !== said) {
      // A page load does not repeat the state the candidate already knows; warnings do.
      var quiet = first && !warning;
      said = news;
      first = false;
      if (!quiet) document.querySelectorAll("[data-annonce]").forEach(function (a) { a.textContent = news; });
    }
  }
  function poll() {
    fetch("/epreuve/etat", { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (st) {
      if (!st) return;
      forgetOtherDrafts(st.sandbox);
      var t = st.timer;
      remaining = t.remaining_seconds;
      running = t.started && !t.paused && !t.ended;
      state = t.read_only ? "lecture" : !t.started ? "attente" : t.paused ? "pause" : t.ended ? "grace" : "marche";
      // The time ran out on this page: shown again, it only reads.
      if (overAtLoad === null) overAtLoad = t.read_only;
      if (t.read_only && !overAtLoad && inSandbox) { overAtLoad = true; location.reload(); }
      show();
    }).catch(function () {});
  }
  if (record || !inSandbox) {
    poll();
    setInterval(poll, 5000);
    setInterval(function () { if (running && remaining > 0) { remaining -= 1; show(); } }, 1000);
  }

  // Screen mirror: rrweb events sent as they come, at most one batch every 200 ms (the
  // first event after a quiet spell goes at once, a burst waits at most 200 ms), and at once
  // when a page load's full snapshot is taken, so that the examiner sees the page within a
  // second. One batch is in flight at a time (order kept); a batch the server did not
  // acknowledge is sent again, and what is left when the page goes away is sent by beacon or
  // kept for the next page. Each batch has a key: the server writes a batch sent twice once.
  if (!record || !window.rrweb || !inSandbox) return;
  var FLUSH_MS = 200, STASH = "e5-enregistrement-en-attente", BEACON_MAX = 60000;
  var pageId = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  var seq = 0, queue = [], outbox = [], sending = false, retryMs = 500, timer = null, stopped = false, lastCut = 0;
  var page = location.pathname + location.search;
  function cut() {
    lastCut = Date.now();
    if (!queue.length) return;
    seq += 1;
    outbox.push({ key: pageId + ":" + seq, page: page, events: queue.splice(0, queue.length) });
  }
  function gzip(text) {
    if (!window.CompressionStream) return Promise.resolve(null);
    var stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
    return new Response(stream).arrayBuffer().catch(function () { return null; });
  }
  function send() {
    if (sending || stopped || !outbox.length) return;
    sending = true;
    var batch = outbox[0], text = JSON.stringify(batch);
    // Small batches go as they are: compressing them saves little and costs a few ms.
    (text.length > 2000 ? gzip(text) : Promise.resolve(null)).then(function (packed) {
      var headers = { "Content-Type": "application/json" };
      if (packed) headers["Content-Encoding"] = "gzip";
      return fetch("/epreuve/enregistrement", { method: "POST", credentials: "same-origin", headers: headers, body: packed || text });
    }).then(function (r) {
      sending = false;
      if (r.ok || (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429)) {
        // Accepted, or refused for good (the server says why): either way, next batch.
        if (r.redirected || r.status === 401) { stopped = true; return; }
        if (!r.ok) {
          // A refusal for the rest of the page (quota reached, disk nearly full): recording
          // stops here, the page itself goes on; nothing more is sent until the next page.
          if (r.status === 413 || r.status === 507) {
            var stopNow = function () { stopped = true; queue = []; outbox = []; if (stopRecording) { try { stopRecording(); } catch (e) {} } };
            r.json().then(function (j) {
              console.warn("Enregistrement refusé : " + j.error);
              if (j.arret) stopNow(); else { outbox.shift(); send(); }
            }, function () { outbox.shift(); send(); });
            return;
          }
          r.text().then(function (t) { console.warn("Lot d'enregistrement refusé : " + t); });
        }
        outbox.shift();
        retryMs = 500;
        send();
      } else { retry(); }
    }).catch(function () { sending = false; retry(); });
  }
  function retry() { setTimeout(send, retryMs); retryMs = Math.min(retryMs * 2, 5000); }
  function flushIn(ms) { if (!timer) timer = setTimeout(function () { timer = null; cut(); send(); }, ms); }
  // Batches left by the previous page (too large for a beacon) go first, if they come from
  // this same site (never another candidate's, on a shared workstation).
  try {
    var left = JSON.parse(sessionStorage.getItem(STASH) || "[]");
    var site = (location.pathname.match(/^\/s\/[^/]+\//) || [""])[0];
    sessionStorage.removeItem(STASH);
    left.forEach(function (b) { if (site && b.page && b.page.indexOf(site) === 0) outbox.push(b); });
  } catch (e) {}
  var stopRecording = window.rrweb.record({
    emit: function (e) {
      if (stopped) return;
      queue.push(e);
      if (e.type === 2 && timer) { clearTimeout(timer); timer = null; }
      flushIn(e.type === 2 ? 0 : Math.max(0, lastCut + FLUSH_MS - Date.now()));
    },
    // Every keystroke ("last" would send a field only when it loses the focus). Canvases
    // (the statistics' charts) go as pictures in full snapshots only: `canvas` is neither
    // "all" nor a frame rate, so neither of rrweb's canvas observers starts (the mirror
    // could not replay their drawing calls without running scripts).
    sampling: { mousemove: 200, scroll: 250, canvas: "instantanes" },
    recordCanvas: true,
    collectFonts: false
  });
  // A page that draws on canvases is snapshotted again once drawn, and after a resize
  // (charts redraw), so that the examiner sees the picture, not a blank.
  function snapCanvases() {
    if (!stopped && document.querySelector("canvas")) window.rrweb.record.takeFullSnapshot(true);
  }
  window.addEventListener("load", function () { setTimeout(snapCanvases, 400); });
  var resized;
  window.addEventListener("resize", function () { clearTimeout(resized); resized = setTimeout(snapCanvases, 800); });
  window.addEventListener("pagehide", function () {
    if (stopped) return;
    cut();
    if (!outbox.length) return;
    // The batch in flight may or may not arrive: sending it again is harmless (same key).
    var body = JSON.stringify(outbox);
    var sent = body.length < BEACON_MAX && navigator.sendBeacon && outbox.every(function (b) {
      return navigator.sendBeacon("/epreuve/enregistrement", new Blob([JSON.stringify(b)], { type: "application/json" }));
    });
    if (!sent) { try { sessionStorage.setItem(STASH, body); } catch (e) {} }
  });
})();
