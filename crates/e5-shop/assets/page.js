// Small behaviours shared by every page, written as data attributes so that templates hold
// no inline script (the Content-Security-Policy forbids it): print buttons, "back" links,
// selects that submit their form. Pages work without it.
(function () {
  'use strict';
  document.querySelectorAll('[data-imprimer]').forEach(function (b) {
    b.addEventListener('click', function () { window.print(); });
  });
  document.querySelectorAll('a[data-retour]').forEach(function (a) {
    a.addEventListener('click', function (e) {
      if (window.history.length > 1) { e.preventDefault(); window.history.back(); }
    });
  });
  document.querySelectorAll('select[data-envoi-auto]').forEach(function (s) {
    s.addEventListener('change', function () { if (s.form) s.form.submit(); });
  });
})();
