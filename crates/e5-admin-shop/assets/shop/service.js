// Customer-service reply: a predefined message fills the reply, to be personalised.
(function () {
  var select = document.querySelector('[data-modeles]');
  var text = document.getElementById('f-message');
  if (!select || !text) return;
  select.addEventListener('change', function () {
    if (!select.value) return;
    if (text.value.trim() && !window.confirm('Remplacer le texte déjà saisi par ce modèle ?')) return;
    text.value = select.value;
    text.dispatchEvent(new Event('input'));
    text.focus();
  });
})();
