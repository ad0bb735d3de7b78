// Replay of a candidate's session: the screen recording with the journal beside it.
(function () {
  "use strict";
  var root = document.querySelector("[data-revoir]");
  if (!root) return;
  fetch("/console/poste/" + root.dataset.revoir + "/enregistrement.json", { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var list = root.querySelector("[data-journal-revoir]");
      data.journal.forEach(function (line) {
        var li = document.createElement("li");
        li.textContent = line.at.slice(11, 19) + " – " + line.summary;
        list.appendChild(li);
      });
      var screen = root.querySelector("[data-ecran]");
      if (data.events.length < 2 || !window.rrweb) { screen.textContent = "Aucun enregistrement d'écran pour ce candidat."; return; }
      screen.innerHTML = "";
      var player = new window.rrweb.Replayer(data.events, { root: screen, mouseTail: false, showWarning: false });
      var bar = document.createElement("p");
      bar.innerHTML = '<button type="button" data-lire>Lire</button> <button type="button" data-pause>Pause</button>';
      root.parentNode.insertBefore(bar, root);
      // Scale the recorded page to the column, as the console does.
      var meta = data.events.filter(function (e) { return e.type === 4 && e.data && e.data.width; })[0];
      function fit() {
        var wrap = screen.querySelector(".replayer-wrapper");
        if (!wrap || !meta) return;
        var scale = Math.min(1, screen.clientWidth / meta.data.width);
        wrap.style.transform = "scale(" + scale + ")";
        wrap.style.transformOrigin = "0 0";
        screen.style.height = Math.round(meta.data.height * scale) + "px";
      }
      fit();
      window.addEventListener("resize", fit);
      bar.querySelector("[data-lire]").onclick = function () { player.play(player.getCurrentTime()); };
      bar.querySelector("[data-pause]").onclick = function () { player.pause(); };
      player.play(0);
    });
})();
