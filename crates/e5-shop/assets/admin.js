// Back-office comfort: character counters, tabs, confirmations. Pages work without it.
(function () {
  // In the block inserter (articles, pages and product texts alike), Enter takes the first
  // block found, as WordPress's "/" inserter does: Editor.js waits for an arrow key first
  // and otherwise does nothing.
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' || ev.shiftKey || ev.isComposing) return;
    var pop = document.querySelector('.ce-popover--opened');
    if (!pop || pop.querySelector('.ce-popover-item--focused')) return;
    var first = Array.prototype.find.call(pop.querySelectorAll('.ce-popover-item'), function (i) {
      return i.offsetParent !== null && !i.classList.contains('ce-popover-item--disabled');
    });
    if (!first) return;
    ev.preventDefault();
    ev.stopPropagation();
    first.click();
  }, true);

  // Character counter with a recommended range: data-compteur data-min="120" data-max="160".
  document.querySelectorAll('[data-compteur]').forEach(function (field) {
    var min = parseInt(field.dataset.min || '0', 10), max = parseInt(field.dataset.max || '0', 10);
    var out = document.createElement('p');
    out.className = 'compteur-car';
    out.setAttribute('aria-live', 'polite');
    field.insertAdjacentElement('afterend', out);
    function update() {
      var n = field.value.length;
      var text = n + ' caractère' + (n > 1 ? 's' : '');
      var tone = '';
      if (max > 0) {
        text += ' (recommandé : ' + min + ' à ' + max + ')';
        tone = n >= min && n <= max ? 'ok' : (n === 0 || n > max + 20 || n < min / 2 ? 'mauvais' : 'moyen');
      }
      out.textContent = text;
      out.className = 'compteur-car ' + tone;
    }
    field.addEventListener('input', update);
    update();
  });

  // Tabs: <div data-onglets> with buttons [data-cible=id] and panels [role=tabpanel].
  document.querySelectorAll('[data-onglets]').forEach(function (box) {
    var buttons = box.querySelectorAll('.onglets button');
    // `remember` only on a click: setting the fragment while the page loads would make the
    // browser jump to the panel.
    function show(id, remember) {
      buttons.forEach(function (b) {
        var on = b.dataset.cible === id;
        b.setAttribute('aria-selected', on ? 'true' : 'false');
        var panel = document.getElementById(b.dataset.cible);
        if (panel) panel.hidden = !on;
      });
      if (remember && history.replaceState) history.replaceState(null, '', '#' + id);
    }
    buttons.forEach(function (b) {
      b.setAttribute('role', 'tab');
      b.type = 'button';
      b.addEventListener('click', function () { show(b.dataset.cible, true); });
    });
    var wanted = location.hash.slice(1);
    var first = buttons[0] && buttons[0].dataset.cible;
    show(Array.prototype.some.call(buttons, function (b) { return b.dataset.cible === wanted; }) ? wanted : first);
  });

  // Confirmation before destructive actions: <form data-confirmer="Supprimer … ?">.
  document.querySelectorAll('form[data-confirmer]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.dataset.confirmer)) e.preventDefault();
    });
  });
})();
