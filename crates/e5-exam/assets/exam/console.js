// The examiner console: live journal, timers and screen mirrors from the server's event
// stream; the grid autosaved per click. Edits wait in localStorage until the server has
// acknowledged them (it answers only once the edit is on disk), so a dropped network or a
// restarted server loses nothing; each edit's key makes a replay harmless.
(function () {
  "use strict";
  var QUEUE = "e5-grille-file";
  function load() { try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; } }
  function save(q) { try { localStorage.setItem(QUEUE, JSON.stringify(q)); } catch (e) {} }
  function key() {
    var b = new Uint8Array(12); crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }
  // "2026-12-02 15:23:03" → "2 décembre 2026 à 15 h 23", as the server writes dates.
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
  function frenchDateTime(at) {
    var m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(at || "");
    if (!m) return at;
    var day = +m[3] === 1 ? "1er" : String(+m[3]);
    return day + " " + MONTHS[+m[2] - 1] + " " + m[1] + " à " + (+m[4]) + " h " + m[5];
  }
  var net = document.querySelector("[data-reseau]");
  function status(seat, text, bad) {
    var form = document.querySelector('[data-grille][data-poste="' + seat + '"]');
    var el = form && form.querySelector("[data-etat]");
    if (el) { el.textContent = text; el.classList.toggle("erreur", !!bad); }
  }
  // A refusal of the mark, the summary fields, signing or reopening is said next to them,
  // where the examiner is looking, not only at the top of a long grid.
  var SUMMARY = /^(mark|appreciation|attendance|fraud_report|sign|reopen)$/;
  function near(seat, text) {
    var form = document.querySelector('[data-grille][data-poste="' + seat + '"]');
    var el = form && form.querySelector("[data-etat-action]");
    if (el) el.textContent = text;
  }
  var busy = false;
  function flush() {
    if (busy) return;
    var q = load();
    if (!q.length) { if (net) net.textContent = ""; return; }
    busy = true;
    var edit = q[0];
    status(edit.seat, "Enregistrement…");
    fetch("/console/poste/" + edit.seat + "/grille", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ key: edit.key, field: edit.field, value: edit.value })
    }).then(function (r) {
      if (r.status === 200 || r.status === 422) return r.json().then(function (j) { return { code: r.status, body: j }; });
      // Anything else (503: the server could not write it) is not done: the edit stays queued.
      var err = new Error("HTTP " + r.status); err.server = true;
      throw err;
    }).then(function (res) {
      var rest = load().filter(function (e) { return e.key !== edit.key; });
      save(rest);
      busy = false;
      // "Enregistré ✓" only once every edit of this grid, typed text included, is acknowledged.
      var more = typing[edit.seat] || rest.some(function (e) { return e.seat === edit.seat; });
      if (res.code === 200) {
        apply(edit.seat, res.body.grid);
        status(edit.seat, more ? "Enregistrement…" : "Enregistré ✓");
        if (SUMMARY.test(edit.field)) near(edit.seat, "");
      } else {
        status(edit.seat, "Refusé : " + res.body.error, true);
        if (SUMMARY.test(edit.field)) near(edit.seat, "Refusé : " + res.body.error);
      }
      if (net) net.textContent = rest.length ? rest.length + " modification(s) en attente" : "";
      flush();
    }).catch(function (err) {
      busy = false;
      var n = load().length;
      if (err && err.server) {
        status(edit.seat, "Non enregistré : nouvel essai… (" + n + " modification(s) en attente)", true);
        if (net) net.textContent = "Serveur indisponible – " + n + " modification(s) en attente";
      } else {
        status(edit.seat, "Hors ligne : " + n + " modification(s) en attente, nouvel essai automatique", true);
        if (net) net.textContent = "Connexion perdue – " + n + " modification(s) en attente";
      }
      setTimeout(flush, 2000);
    });
  }
  // Grids with text typed and not queued yet (seat -> number of fields waiting).
  var typing = {};
  function enqueue(seat, field, value, replace) {
    var q = load();
    // A newer text of the same field replaces one still waiting (not the one being sent).
    if (replace) q = q.filter(function (e, i) { return (busy && i === 0) || e.seat !== seat || e.field !== field; });
    q.push({ seat: seat, key: key(), field: field, value: value });
    save(q);
    flush();
  }
  window.addEventListener("online", flush);

  function apply(seat, grid) {
    var form = document.querySelector('[data-grille][data-poste="' + seat + '"]');
    if (!form || !grid) return;
    form.querySelectorAll("[data-niveau]").forEach(function (b) {
      b.setAttribute("aria-pressed", grid.levels[b.dataset.ligne] === b.dataset.niveau ? "true" : "false");
    });
    var sug = form.querySelector("[data-suggestion] strong");
    if (sug) sug.textContent = grid.suggested ? grid.suggested + "/20" : "—";
    var sig = form.querySelector("[data-signature]");
    if (sig) sig.textContent = grid.signed_at ? "Signée par " + grid.signed_by + " le " + frenchDateTime(grid.signed_at) : "Non signée";
    form.toggleAttribute("data-signee", !!grid.signed_at);
    var mark = form.querySelector('[data-champ="mark"]');
    if (mark && document.activeElement !== mark) mark.value = grid.mark;
    var panel = document.querySelector('[data-panneau="' + seat + '"] [data-statut]');
    if (panel) panel.textContent = grid.attendance_label;
  }

  document.querySelectorAll("[data-grille]").forEach(function (form) {
    var seat = Number(form.dataset.poste);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      if (b.dataset.niveau) {
        var again = b.getAttribute("aria-pressed") === "true";
        b.parentNode.querySelectorAll("[data-niveau]").forEach(function (o) { o.setAttribute("aria-pressed", "false"); });
        if (!again) b.setAttribute("aria-pressed", "true");
        enqueue(seat, "level:" + b.dataset.ligne, again ? "" : b.dataset.niveau);
      } else if (b.hasAttribute("data-signer")) {
        enqueue(seat, "sign", "");
      } else if (b.hasAttribute("data-rouvrir")) {
        enqueue(seat, "reopen", form.querySelector("[data-motif]").value);
      }
    });
    form.querySelectorAll("[data-champ]").forEach(function (el) {
      var text = el.tagName === "TEXTAREA";
      var sent = el.value, timer = null;
      function send() {
        if (timer) { clearTimeout(timer); timer = null; typing[seat] = Math.max(0, (typing[seat] || 1) - 1); }
        if (text && el.value === sent) {
          if (!typing[seat] && !load().some(function (e) { return e.seat === seat; })) status(seat, "Enregistré ✓");
          return;
        }
        sent = el.value;
        enqueue(seat, el.dataset.champ, el.value, text);
      }
      el.addEventListener("change", send);
      // Comments and appreciation are saved while they are typed (800 ms after the last key).
      if (text) el.addEventListener("input", function () {
        if (timer) clearTimeout(timer); else typing[seat] = (typing[seat] || 0) + 1;
        status(seat, "Modifications en cours…");
        timer = setTimeout(send, 800);
      });
    });
  });
  flush();

  // Live stream.
  var root = document.querySelector("[data-console]");
  if (!root) return;
  var players = {};
  window.e5Miroirs = players; // for the end-to-end tests
  function panel(seat) { return document.querySelector('[data-panneau="' + seat + '"]'); }
  // The mirror of a seat: a live rrweb Replayer per page load. Each message carries its
  // events and how long ago the server received its last batch ("age": 0 when live, more
  // when catching up). The replayer's baseline is the candidate's "now" (their clock): what
  // happened before it is applied at once, what comes later is played as it arrives, with
  // its own rhythm inside a batch. The virtual DOM is off so that events applied at once
  // reach the screen at once.
  function mirror(seat, msg) {
    var p = panel(seat);
    var events = msg.events || [];
    if (!p || !window.rrweb || !events.length) return;
    var box = p.querySelector("[data-miroir]");
    var player = players[seat];
    var snap = -1;
    events.forEach(function (e, i) { if (e.type === 2) snap = i; });
    if (!player && snap < 0) return;
    if (snap >= 0) {
      // Start at the last page load of the message (with its Meta event before it).
      var from = snap > 0 && events[snap - 1].type === 4 ? snap - 1 : snap;
      events.slice(0, from).forEach(function (e) { if (e.type === 4 && e.data && e.data.width) { box.dataset.largeur = e.data.width; box.dataset.hauteur = e.data.height; } });
      events = events.slice(from);
      if (player) { try { player.destroy(); } catch (e) {} }
      box.innerHTML = "";
      var last = events[events.length - 1].timestamp;
      player = new window.rrweb.Replayer([], { root: box, liveMode: true, useVirtualDom: false, mouseTail: false, UNSAFE_replayCanvas: false, showWarning: false, triggerFocus: false });
      player.iframe.title = box.getAttribute("aria-label");
      // A picture of the candidate's screen: its links and fields never take the focus.
      player.iframe.setAttribute("inert", "");
      player.startLive(last + (msg.age || 0));
      players[seat] = player;
    }
    events.forEach(function (e) {
      if (e.type === 4 && e.data && e.data.width) { box.dataset.largeur = e.data.width; box.dataset.hauteur = e.data.height; }
      player.addEvent(e);
    });
    box.dataset.recu = String(Date.now());
    fit(box);
  }
  function fit(box) {
    var w = Number(box.dataset.largeur || 1280), h = Number(box.dataset.hauteur || 800);
    var wrap = box.querySelector(".replayer-wrapper");
    if (!wrap) return;
    // Enlarged: the candidate's real size when it fits the width, the box scrolls.
    var big = box.classList.contains("agrandi");
    var scale = big ? Math.min(1, box.clientWidth / w) : box.clientWidth / w;
    wrap.style.transform = "scale(" + scale + ")";
    wrap.style.transformOrigin = "0 0";
    var height = big ? "" : Math.round(h * scale) + "px";
    if (box.style.height !== height) { box.style.height = height; align(); }
    box.dataset.echelle = String(scale);
  }
  // One screen enlarged at a time: its button, Alt+Shift+1..3 for the nth candidate, Échap (or
  // the same button) to come back to the three.
  function enlarge(p, on) {
    document.querySelectorAll("[data-panneau]").forEach(function (q) {
      var mine = q === p && on;
      var box = q.querySelector("[data-miroir]"), button = q.querySelector("[data-agrandir]");
      box.classList.toggle("agrandi", mine);
      button.setAttribute("aria-pressed", mine ? "true" : "false");
      button.textContent = mine ? "Revenir aux trois écrans" : "Agrandir l'écran";
      fit(box);
    });
  }
  document.querySelectorAll("[data-agrandir]").forEach(function (button) {
    button.addEventListener("click", function () {
      enlarge(button.closest("[data-panneau]"), button.getAttribute("aria-pressed") !== "true");
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { enlarge(null, false); return; }
    // Alt+Shift: Alt alone switches browser tabs on Linux.
    var digit = /^Digit([1-9])$/.exec(ev.code || "");
    if (ev.altKey && ev.shiftKey && digit) {
      var p = document.querySelectorAll("[data-panneau]")[Number(digit[1]) - 1];
      if (p) { ev.preventDefault(); enlarge(p, p.querySelector("[data-agrandir]").getAttribute("aria-pressed") !== "true"); }
    }
  });
  window.addEventListener("resize", function () { document.querySelectorAll("[data-miroir]").forEach(fit); });
  var source = new EventSource("/console/commission/" + root.dataset.console + "/flux");
  function on(kind, fn) {
    source.addEventListener(kind, function (m) {
      var msg; try { msg = JSON.parse(m.data); } catch (e) { return; }
      fn(msg.seat, msg.data);
    });
  }
  on("journal", function (seat, line) {
    var p = panel(seat); if (!p) return;
    var list = p.querySelector("[data-journal]");
    if (list.querySelector('[data-id="' + line.id + '"]')) return;
    var li = document.createElement("li");
    li.dataset.id = line.id;
    var t = document.createElement("time"); t.textContent = line.at.slice(11, 19);
    li.appendChild(t);
    li.appendChild(document.createTextNode(" " + line.summary));
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 50) list.removeChild(list.lastChild);
    align();
  });
  on("rrweb", function (seat, msg) { mirror(seat, msg); });
  // The sandbox prefix (/s/<id>) says nothing to the examiner: show the page's own path.
  on("page", function (seat, page) { var p = panel(seat); if (p) p.querySelector("[data-page]").textContent = page.replace(/^\/s\/[0-9a-f-]+/, "") || "/"; });
  on("grid", function (seat, grid) { apply(seat, grid); });
  // The server's disk: while it is nearly full the mirror stops, the grid goes on.
  on("disque", function (_, d) { var box = document.querySelector("[data-disque]"); if (box) box.textContent = d.warning || ""; });
  // A seat's clock as the server gives it: the time, its state, and only the actions that
  // apply now (Lancer before the start, Pause while it runs, Reprendre while paused,
  // Prolonger once started and until the end).
  var waiting = {};
  function showTimer(seat, t) {
    var p = panel(seat); if (!p) return;
    p.querySelector("[data-restant]").textContent = t.remaining_text;
    p.querySelector("[data-autorise]").textContent = t.allowed_text;
    p.querySelector("[data-etat-chrono]").textContent = !t.started ? "(non lancé)" : t.paused ? "(en pause)" : t.read_only ? "(terminé, lecture seule)" : t.ended ? "(temps écoulé, délai de grâce)" : "";
    var applies = {
      attente: !t.started,
      marche: t.started && !t.paused && !t.ended,
      pause: t.paused,
      lance: t.started && !t.read_only
    };
    var changed = false;
    p.querySelectorAll("[data-chrono] [data-si]").forEach(function (el) {
      if (el.hidden === !applies[el.dataset.si]) return;
      el.hidden = !applies[el.dataset.si];
      changed = true;
    });
    if (changed) align();
    waiting[seat] = !t.started;
    var all = document.querySelector("[data-demarrer-tous]");
    if (all) all.hidden = !Object.keys(waiting).some(function (k) { return waiting[k]; });
  }
  document.querySelectorAll("[data-panneau]").forEach(function (p) {
    waiting[p.dataset.panneau] = !p.querySelector('[data-si="attente"]').hidden;
  });
  on("timer", showTimer);
  // Timer actions are sent in place: the console stays on screen, a refusal is said under
  // the clock of its candidate, and the answer shows the new state at once.
  function send(form, body, done, refused) {
    // getAttribute: an input named "action" hides the form's own `action` property.
    fetch(form.getAttribute("action"), {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: body
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, body: j }; }, function () { return { ok: false, body: { error: "le serveur n'a pas répondu (" + r.status + ")" } }; });
    }).then(function (res) {
      if (res.ok) done(res.body); else refused(res.body.error || "action refusée");
    }).catch(function () { refused("le serveur est injoignable : réessayez"); });
  }
  document.querySelectorAll("form.actions-chrono").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var p = form.closest("[data-panneau]"), seat = p.dataset.panneau;
      var say = p.querySelector("[data-refus-chrono]");
      var data = new URLSearchParams(new FormData(form));
      if (ev.submitter && ev.submitter.name) data.set(ev.submitter.name, ev.submitter.value);
      say.textContent = "";
      send(form, data.toString(), function (j) {
        showTimer(seat, j.timer);
        form.querySelectorAll("input[name=reason]").forEach(function (i) { i.value = ""; });
      }, function (error) { say.textContent = "Refusé : " + error; });
    });
  });
  var all = document.querySelector("[data-demarrer-tous]");
  if (all) all.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var say = all.querySelector("[data-refus-tous]");
    say.textContent = "";
    send(all, "", function (j) {
      j.started.forEach(function (s) { showTimer(String(s.seat), s.timer); });
    }, function (error) { say.textContent = "Refusé : " + error; });
  });
  // Evidence of the subject's checks: refreshed after the candidate's writes (debounced)
  // and every 20 s.
  var pending = {};
  function evidence(seat) {
    fetch("/console/poste/" + seat + "/indices", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (ev) {
      var p = panel(seat); if (!p) return;
      var box = p.querySelector("[data-indices]");
      box.textContent = "";
      if (!ev.available) { box.textContent = "Ce sujet n'a pas de vérifications automatiques."; }
      // Per question: what the candidate wrote in "Mes réponses" (plain text, never markup),
      // then the evidence of the subject's checks.
      var byQ = {}, written = {};
      (ev.answers || []).forEach(function (a) { written[a.question] = a.text; byQ[a.question] = byQ[a.question] || []; });
      ev.rows.forEach(function (r) { (byQ[r.question] = byQ[r.question] || []).push(r); });
      Object.keys(byQ).sort(function (a, b) { return a - b; }).forEach(function (q) {
        var h = document.createElement("h3"); h.textContent = "Question " + q; box.appendChild(h);
        if (written[q]) {
          var said = document.createElement("blockquote");
          said.className = "reponse-candidat";
          said.dataset.reponse = q;
          var label = document.createElement("p"); label.className = "etiquette"; label.textContent = "Réponse écrite du candidat :";
          var text = document.createElement("p"); text.textContent = written[q];
          said.appendChild(label); said.appendChild(text);
          box.appendChild(said);
        }
        var ul = document.createElement("ul");
        byQ[q].forEach(function (r) {
          r.checks.forEach(function (c) {
            var li = document.createElement("li");
            li.className = c.satisfied ? "indice-ok" : "indice-non";
            li.textContent = (c.satisfied ? "✓ " : "✗ ") + r.row_id + " – " + c.label + " : " + c.evidence;
            // What the candidate wrote in what the check found (article, product texts,
            // reply to a customer), in full and as plain text.
            if (c.writing) li.appendChild(writing(c.writing, q));
            ul.appendChild(li);
          });
        });
        box.appendChild(ul);
      });
      align();
    }).catch(function () {});
  }
  function writing(w, q) {
    var block = document.createElement("blockquote");
    block.className = "reponse-candidat";
    block.dataset.ecrit = q;
    var label = document.createElement("p"); label.className = "etiquette"; label.textContent = w.title + " :";
    var text = document.createElement("p"); text.textContent = w.text;
    block.appendChild(label); block.appendChild(text);
    return block;
  }
  // The three columns side by side: each part (screen, journal, evidence, each grid row)
  // starts at the same height in every column, so the examiner reads across them.
  var aligned = [".tete-panneau", ".chrono", ".miroir", ".page-courante", ".liens", ".journal", ".indices", ".ligne-grille"];
  function align() {
    var panels = Array.prototype.slice.call(document.querySelectorAll("[data-panneau]"));
    aligned.forEach(function (sel) {
      var parts = panels.map(function (p) { return Array.prototype.slice.call(p.querySelectorAll(sel)); });
      parts.forEach(function (list) { list.forEach(function (el) { el.style.minHeight = ""; }); });
      var sideBySide = panels.length > 1 && panels.every(function (p) { return p.offsetTop === panels[0].offsetTop; });
      if (!sideBySide) return;
      for (var i = 0; ; i++) {
        var row = parts.map(function (list) { return list[i]; }).filter(Boolean);
        if (!row.length) break;
        row = row.filter(function (el) { return !el.classList.contains("agrandi"); });
        if (!row.length) continue;
        var tallest = Math.max.apply(null, row.map(function (el) { return el.getBoundingClientRect().height; }));
        row.forEach(function (el) { el.style.minHeight = tallest + "px"; });
      }
    });
  }
  // Whatever gets the focus (keyboard grading) scrolls into view below the sticky heads of
  // the panels, never under them.
  function clearHeads() {
    var tallest = 0;
    document.querySelectorAll(".tete-panneau").forEach(function (h) { tallest = Math.max(tallest, h.offsetHeight); });
    document.documentElement.style.scrollPaddingTop = (tallest + 8) + "px";
  }
  clearHeads();
  align();
  window.addEventListener("resize", clearHeads);
  // Chrome does not scroll a control it deems already visible, even under a sticky head.
  document.addEventListener("focusin", function (ev) {
    var p = ev.target.closest && ev.target.closest("[data-panneau]");
    var head = p && p.querySelector(".tete-panneau");
    if (!head || head.contains(ev.target)) return;
    setTimeout(function () {
      var r = ev.target.getBoundingClientRect(), h = head.getBoundingClientRect();
      if (r.top < h.bottom) window.scrollBy(0, r.top - h.bottom - 8);
      else if (r.bottom > innerHeight) window.scrollBy(0, r.bottom - innerHeight + 8);
    }, 0);
  });
  window.addEventListener("resize", align);
  document.addEventListener("toggle", align, true);
  function later(seat) { clearTimeout(pending[seat]); pending[seat] = setTimeout(function () { evidence(seat); }, 700); }
  document.querySelectorAll("[data-panneau]").forEach(function (p) {
    var seat = p.dataset.panneau;
    evidence(seat);
    setInterval(function () { evidence(seat); }, 20000);
  });
  source.addEventListener("journal", function (m) { try { later(JSON.parse(m.data).seat); } catch (e) {} });
  source.onerror = function () { if (net && !load().length) net.textContent = "Flux en direct interrompu – reconnexion…"; };
  source.onopen = function () { if (net && !load().length) net.textContent = ""; };
})();
