// Product form: keeps the HT and TTC prices in sync (the server stores HT).
(function () {
  var ht = document.getElementById('f-price_ht');
  var ttc = document.getElementById('f-price_ttc');
  var tax = document.getElementById('f-tax_rule_id');
  if (!ht || !ttc || !tax) return;
  function rate() {
    var o = tax.options[tax.selectedIndex];
    return o ? parseFloat(o.dataset.taux || '0') : 0;
  }
  function read(input) {
    var v = parseFloat(input.value.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.'));
    return isNaN(v) ? null : v;
  }
  function write(input, v) { input.value = v.toFixed(2).replace('.', ','); }
  function fromHt() {
    var v = read(ht);
    if (v !== null) write(ttc, Math.round(v * (100 + rate())) / 100);
  }
  function fromTtc() {
    var v = read(ttc);
    if (v !== null) write(ht, Math.round(v * 10000 / (100 + rate())) / 100);
  }
  ht.addEventListener('input', fromHt);
  tax.addEventListener('change', fromHt);
  ttc.addEventListener('input', fromTtc);
})();
