// Cart-rule form: "Générer" fills the code with 8 random letters and digits.
(function () {
  var button = document.querySelector('[data-generer-code]');
  var input = document.getElementById('f-code');
  if (!button || !input) return;
  button.addEventListener('click', function () {
    var chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789', code = '';
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    bytes.forEach(function (b) { code += chars[b % chars.length]; });
    input.value = code;
  });
})();
