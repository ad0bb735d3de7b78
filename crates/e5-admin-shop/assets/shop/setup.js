// "Catégories visibles" tree of a customer group: unticking a category unticks the ones under
// it (they would be hidden anyway); ticking one ticks the ones above it.
document.querySelectorAll('[data-arbre-categories]').forEach((tree) => {
  const boxes = [...tree.querySelectorAll('input[type=checkbox]')];
  const depth = (box) => Number(box.dataset.parentNiveau || 0);
  tree.addEventListener('change', (event) => {
    const box = event.target;
    const i = boxes.indexOf(box);
    if (i < 0) return;
    if (!box.checked) {
      for (let j = i + 1; j < boxes.length && depth(boxes[j]) > depth(box); j++) boxes[j].checked = false;
    } else {
      let level = depth(box);
      for (let j = i - 1; j >= 0 && level > 0; j--) {
        if (depth(boxes[j]) < level) { boxes[j].checked = true; level = depth(boxes[j]); }
      }
    }
  });
});
