// Candidate pages (their sandbox and /epreuve): a top banner with the timer and the
// subject, and the screen recorder that mirrors the page to the examiner's console.
(function () {
  "use strict";
  var me = document.currentScript;
  var record = me && me.dataset.enregistrer === "true";
  var readOnly = me && me.dataset.lectureSeule === "true";
  var inSandbox = /^\/s\//.test(location.pathname);

  if (inSandbox) {
    var bar = document.createElement("div");
    bar.className = "bandeau-candidat";
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "Épreuve E5");
    bar.style.cssText = "position:sticky;top:0;z-index:9999;display:flex;gap:1.5em;align-items:center;flex-wrap:wrap;padding:.4em 1em;background:#1d3557;color:#fff;font:15px/1.4 system-ui,sans-serif";
    if (record) {
      bar.innerHTML = '<strong>Épreuve E5</strong><span data-temps aria-live="polite">…</span>' +
        '<a href="/epreuve/sujet" style="color:#fff">Sujet</a><a href="/epreuve" style="color:#fff">Mon épreuve</a>';
    } else {
      bar.innerHTML = '<strong>Consultation en lecture seule</strong><span>site d\'un candidat – aucune modification possible</span>';
    }
    document.body.insertBefore(bar, document.body.firstChild);
  }

  // The timer: the server is the reference, the page counts down between two checks.
  var remaining = null, running = false, readOnlyNow = readOnly;
  function show() {
    var el = document.querySelector("[data-temps]");
    var big = document.querySelector("[data-chrono-candidat]");
    if (remaining === null) return;
    var m = Math.floor(remaining / 60), s = remaining % 60;
    var text = (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    var label = readOnlyNow ? "Épreuve terminée – lecture seule" : (running ? "Temps restant " + text : "Chronomètre " + text + " (non lancé ou en pause)");
    if (el) el.textContent = label;
    if (big) big.innerHTML = "<p>" + label.replace(/[<&>]/g, "") + "</p>";
  }
  function poll() {
    fetch("/epreuve/etat", { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (st) {
      if (!st) return;
      var t = st.timer;
      remaining = t.remaining_seconds;
      running = t.started && !t.paused && !t.ended;
      if (t.read_only && !readOnlyNow && inSandbox) { location.reload(); }
      readOnlyNow = t.read_only;
      show();
    }).catch(function () {});
  }
  if (record || !inSandbox) {
    poll();
    setInterval(poll, 5000);
    setInterval(function () { if (running && remaining > 0) { remaining -= 1; show(); } }, 1000);
  }

  // Screen mirror: rrweb events, batched every 500 ms.
  if (!record || !window.rrweb || !inSandbox) return;
  var queue = [];
  window.rrweb.record({
    emit: function (e) { queue.push(e); },
    sampling: { mousemove: 200, scroll: 250, input: "last" },
    recordCanvas: false,
    collectFonts: false
  });
  function flush(final) {
    if (!queue.length) return;
    var body = JSON.stringify({ page: location.pathname + location.search, events: queue.splice(0, queue.length) });
    if (final && navigator.sendBeacon) {
      navigator.sendBeacon("/epreuve/enregistrement", new Blob([body], { type: "application/json" }));
      return;
    }
    fetch("/epreuve/enregistrement", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: body, keepalive: true }).catch(function () {});
  }
  setInterval(flush, 500);
  window.addEventListener("pagehide", function () { flush(true); });
})();
