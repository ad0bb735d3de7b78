// Replay of a candidate's session: the screen recording (every page load, chained) and the
// journal on one timeline. Play/pause, speed, a scrubber with the journal's actions as marks;
// the journal follows the replay, and a click on an action seeks the screen to that moment.
// Keyboard: Space plays or pauses, ← and → move 5 s (when no control has the focus).
(function () {
  "use strict";
  var root = document.querySelector("[data-revoir]");
  if (!root) return;
  var screen = root.querySelector("[data-ecran]");
  var list = root.querySelector("[data-journal-revoir]");
  var controls = root.querySelector("[data-commandes]");
  var range = root.querySelector("[data-position]");
  var marks = root.querySelector("[data-marques]");
  var clock = root.querySelector("[data-horloge]");
  var pageNow = root.querySelector("[data-page-revoir]");
  var toggle = root.querySelector("[data-lecture]");
  var speed = root.querySelector("[data-vitesse]");

  function mmss(ms) {
    var s = Math.max(0, Math.floor(ms / 1000)), h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60);
    s = s % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }
  function spoken(ms) {
    var s = Math.max(0, Math.floor(ms / 1000)), m = Math.floor(s / 60);
    return m + " min " + (s % 60) + " s";
  }

  fetch(root.dataset.revoir, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
    .then(start)
    .catch(function () { screen.textContent = "L'enregistrement n'a pas pu être chargé. Rechargez la page."; });

  function start(data) {
    var duration = Math.max(0, data.duration || 0);
    var items = [];
    data.journal.forEach(function (line, i) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.dataset.t = line.t;
      b.dataset.index = i;
      var t = document.createElement("time");
      t.dateTime = line.at.replace(" ", "T");
      t.textContent = line.time;
      var at = document.createElement("span");
      at.className = "depuis";
      at.textContent = "+" + mmss(line.t);
      b.appendChild(t);
      b.appendChild(at);
      b.appendChild(document.createTextNode(" " + line.summary));
      // The visible text is the button's name (what a voice user says), with the hint after.
      var hint = document.createElement("span");
      hint.className = "discret";
      hint.textContent = " (à " + spoken(line.t) + " de la session : aller à ce moment)";
      b.appendChild(hint);
      li.appendChild(b);
      list.appendChild(li);
      items.push({ t: line.t, li: li });
    });
    if (!data.journal.length) {
      var none = document.createElement("li");
      none.textContent = "Aucune action enregistrée dans le journal.";
      list.appendChild(none);
    }
    if (data.events.length < 2 || !window.rrweb) {
      screen.textContent = "Aucun enregistrement d'écran pour ce candidat.";
      return;
    }
    screen.innerHTML = "";
    var player = new window.rrweb.Replayer(data.events, { root: screen, mouseTail: false, showWarning: false, speed: 1, triggerFocus: false });
    window.e5Revoir = player; // for the end-to-end tests
    player.iframe.title = screen.getAttribute("aria-label");
    // A picture of the candidate's screen: its links and fields never take the focus.
    player.iframe.setAttribute("inert", "");
    var playing = false;
    controls.hidden = false;
    range.max = String(duration);
    range.value = "0";

    function mark(t, cls, title, i) {
      var m = document.createElement("span");
      m.className = "repere " + cls;
      m.style.left = (duration ? t / duration * 100 : 0) + "%";
      m.title = title;
      if (i !== undefined) m.dataset.index = i;
      marks.appendChild(m);
    }
    (data.pages || []).forEach(function (p) { mark(p.t, "repere-page", "Page " + mmss(p.t) + " : " + p.page.replace(/^\/s\/[0-9a-f-]+/, "")); });
    data.journal.forEach(function (line, i) { mark(line.t, "repere-action", line.time + " – " + line.summary, i); });

    // Scale the recorded page to the column and the window's height.
    var size = { width: 1280, height: 800 };
    data.events.some(function (e) { if (e.type === 4 && e.data && e.data.width) { size = e.data; return true; } return false; });
    function fit() {
      var wrap = screen.querySelector(".replayer-wrapper");
      if (!wrap) return;
      // The whole page and the controls below it fit in the window.
      var scale = Math.min(1, screen.clientWidth / size.width, Math.max(200, window.innerHeight * 0.62) / size.height);
      wrap.style.transform = "scale(" + scale + ")";
      wrap.style.transformOrigin = "0 0";
      screen.style.height = Math.round(size.height * scale) + "px";
    }
    player.on("resize", function (d) { if (d && d.width) { size = d; fit(); } });
    window.addEventListener("resize", fit);
    fit();

    var current = -1;
    function show(now) {
      now = Math.max(0, Math.min(duration, now));
      if (document.activeElement !== range) range.value = String(Math.round(now));
      range.setAttribute("aria-valuetext", spoken(now) + " sur " + spoken(duration));
      clock.textContent = mmss(now) + " / " + mmss(duration);
      root.dataset.position = String(Math.round(now));
      var idx = -1;
      for (var i = 0; i < items.length && items[i].t <= now; i++) idx = i;
      if (idx !== current) {
        if (current >= 0) { items[current].li.classList.remove("courant"); items[current].li.removeAttribute("aria-current"); }
        current = idx;
        if (idx >= 0) {
          var li = items[idx].li;
          li.classList.add("courant");
          li.setAttribute("aria-current", "true");
          var box = list.parentNode;
          if (li.offsetTop < box.scrollTop || li.offsetTop > box.scrollTop + box.clientHeight - li.offsetHeight) box.scrollTop = li.offsetTop - box.clientHeight / 3;
        }
        marks.querySelectorAll(".repere-action").forEach(function (m) { m.classList.toggle("courante", Number(m.dataset.index) === idx); });
      }
      var page = "";
      (data.pages || []).forEach(function (p) { if (p.t <= now) page = p.page; });
      pageNow.textContent = page.replace(/^\/s\/[0-9a-f-]+/, "") || "—";
    }
    function setPlaying(on) {
      playing = on;
      toggle.textContent = on ? "Pause" : "Lire";
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
    }
    // Between a page load's first event (Meta) and its full snapshot, which a busy
    // workstation takes some time later, rrweb has no page to show: it starts from that
    // Meta and would leave whatever screen was there. A moment in that gap shows the page
    // once loaded (1 ms after its snapshot: rrweb replays only what comes before).
    var start = data.events.length ? data.events[0].timestamp : 0, gaps = [];
    data.events.forEach(function (e, i) {
      if (e.type !== 4) return;
      for (var j = i + 1; j < data.events.length; j++) {
        if (data.events[j].type === 2) { gaps.push([e.timestamp - start, data.events[j].timestamp - start + 1]); return; }
        if (data.events[j].type === 4) return;
      }
    });
    function loaded(t) {
      for (var i = 0; i < gaps.length; i++) if (t >= gaps[i][0] && t < gaps[i][1]) return gaps[i][1];
      return t;
    }
    var seeking = false; // pause(t) plays to t, then pauses
    function seek(t) {
      t = loaded(Math.max(0, Math.min(duration, t)));
      seeking = true;
      try { if (playing) player.play(t); else player.pause(t); } finally { seeking = false; }
      show(t);
    }
    function play() {
      var now = player.getCurrentTime();
      if (now >= duration - 50) now = 0;
      setPlaying(true);
      player.play(now);
    }
    // rrweb pauses itself while a page's stylesheets load, then resumes: when the examiner
    // paused or sought in the meantime, it must stay where they put it.
    player.on("start", function () {
      if (!playing && !seeking) player.pause();
    });
    function pause() { player.pause(); setPlaying(false); show(player.getCurrentTime()); }
    toggle.addEventListener("click", function () { if (playing) pause(); else play(); });
    speed.addEventListener("change", function () { player.setConfig({ speed: Number(speed.value) || 1 }); });
    range.addEventListener("input", function () { seek(Number(range.value)); });
    list.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-t]");
      if (b) seek(Number(b.dataset.t));
    });
    player.on("finish", function () { setPlaying(false); show(duration); });
    document.addEventListener("keydown", function (e) {
      var tag = (document.activeElement && document.activeElement.tagName) || "";
      if (/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(tag)) return;
      if (e.key === " ") { e.preventDefault(); if (playing) pause(); else play(); }
      else if (e.key === "ArrowLeft") { e.preventDefault(); seek(player.getCurrentTime() - 5000); }
      else if (e.key === "ArrowRight") { e.preventDefault(); seek(player.getCurrentTime() + 5000); }
    });
    (function loop() {
      if (playing) show(player.getCurrentTime());
      requestAnimationFrame(loop);
    })();
    // Show the first page load at once, then play.
    seek(0);
    play();
  }
})();
