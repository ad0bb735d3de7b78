// Menu editor: show only the target field that fits the chosen type. Works without it too.
(function () {
  var kind = document.getElementById('m-kind');
  if (!kind) return;
  var fields = { page: 'm-page', post: 'm-post', category: 'm-cat', custom: 'm-url' };
  function update() {
    Object.keys(fields).forEach(function (k) {
      var box = document.getElementById(fields[k]).closest('.champ');
      box.hidden = kind.value !== k;
    });
  }
  kind.addEventListener('change', update);
  update();
})();
