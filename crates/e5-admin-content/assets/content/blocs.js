// Storefront: countdown blocks tick every second. The page reads fine without it.
(function () {
  document.querySelectorAll('.bloc-compte-a-rebours[data-fin]').forEach(function (box) {
    var end = new Date(box.dataset.fin.replace(' ', 'T'));
    if (isNaN(end)) return;
    var rest = box.querySelector('.reste'), done = box.querySelector('.fini');
    function tick() {
      var s = Math.floor((end - Date.now()) / 1000);
      if (s <= 0) { rest.hidden = true; done.hidden = false; return; }
      var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
      rest.textContent = d + ' j ' + h + ' h ' + m + ' min ' + (s % 60) + ' s';
      setTimeout(tick, 1000);
    }
    tick();
  });
})();
