// Home carousel: rotates slides every 6 s; the dots switch slides by hand.
(function () {
  var slides = document.querySelectorAll('.carrousel .diapo');
  var dots = document.querySelectorAll('.carrousel .puces button');
  if (slides.length < 2) return;
  var current = 0;
  function show(i) {
    slides[current].classList.remove('active');
    if (dots[current]) dots[current].classList.remove('active');
    current = (i + slides.length) % slides.length;
    slides[current].classList.add('active');
    if (dots[current]) dots[current].classList.add('active');
  }
  dots.forEach(function (d, i) { d.addEventListener('click', function () { show(i); }); });
  if (dots[0]) dots[0].classList.add('active');
  if (!window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
    setInterval(function () { show(current + 1); }, 6000);
  }
})();
