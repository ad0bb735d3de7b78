// Product form, Essentiel tab: the summary and the description edited with Editor.js
// (vendored), the same block format as articles. The textareas stay in the page for the
// browser without JavaScript; here they are hidden and the editors' blocks are posted in the
// hidden fields summary_blocks / description_blocks, which the server checks and renders
// safely. A live counter shows characters and words against the recommended range.
(function () {
  'use strict';
  var form = document.getElementById('fiche-produit');
  if (!form || !window.EditorJS) return;

  function json(id) {
    var el = document.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return null; }
  }

  var i18n = { messages: {
    ui: {
      blockTunes: { toggler: { 'Click to tune': 'Cliquer pour régler', 'or drag to move': 'ou glisser pour déplacer' } },
      inlineToolbar: { converter: { 'Convert to': 'Convertir en' } },
      toolbar: { toolbox: { Add: 'Ajouter un bloc' } },
      popover: { Filter: 'Rechercher', 'Nothing found': 'Aucun bloc trouvé', 'Convert to': 'Convertir en' }
    },
    toolNames: { Text: 'Paragraphe', Heading: 'Intertitre', 'Unordered List': 'Liste à puces', 'Ordered List': 'Liste numérotée', Checklist: 'Liste de cases', List: 'Liste', Quote: 'Citation', Delimiter: 'Séparateur', Bold: 'Gras', Italic: 'Italique', Link: 'Lien' },
    tools: {
      link: { 'Add a link': 'Ajouter un lien' },
      header: { 'Heading 2': 'Titre 2', 'Heading 3': 'Titre 3', 'Heading 4': 'Titre 4' },
      list: { Unordered: 'À puces', Ordered: 'Numérotée', Checklist: 'Cases à cocher' }
    },
    blockTunes: { delete: { Delete: 'Supprimer', 'Click to delete': 'Cliquer pour confirmer' }, moveUp: { 'Move up': 'Monter' }, moveDown: { 'Move down': 'Descendre' } }
  } };

  // The description gets headings, lists, quotes and separators; the summary, next to the
  // price, only paragraphs with bold, italic and links.
  var TOOLS = {
    description: {
      header: { class: window.Header, inlineToolbar: true, config: { levels: [2, 3], defaultLevel: 2, placeholder: 'Intertitre' } },
      list: { class: window.EditorjsList, inlineToolbar: true },
      quote: { class: window.Quote, inlineToolbar: true, config: { quotePlaceholder: 'Citation', captionPlaceholder: 'Auteur' } },
      delimiter: window.Delimiter
    },
    summary: {}
  };

  function textOf(blocks) {
    var parts = [];
    blocks.forEach(function (b) {
      var d = b.data || {};
      [d.text, d.caption].forEach(function (t) { if (t) parts.push(t); });
      (d.items || []).forEach(function (i) { parts.push(typeof i === 'string' ? i : (i.content || '')); });
    });
    // An inert document: nothing in the text loads or runs while it is read.
    var doc = new DOMParser().parseFromString(parts.join('\n\n').replace(/<br\s*\/?>/gi, '\n'), 'text/html');
    return (doc.body.textContent || '').trim();
  }

  // Plain text (paragraphs separated by a blank line) as paragraph blocks, escaped.
  function fromPlain(text) {
    return text.split(/\n\s*\n/).map(function (p) { return p.trim(); }).filter(Boolean).map(function (p) {
      var div = document.createElement('div');
      div.textContent = p;
      return { type: 'paragraph', data: { text: div.innerHTML.replace(/\n/g, '<br>') } };
    });
  }

  function count(out, text, min, max) {
    var chars = text.length;
    var words = text.split(/\s+/).filter(function (w) { return /[\p{L}\p{N}]/u.test(w); }).length;
    var tone = chars >= min && chars <= max ? 'ok' : (chars === 0 || chars > max + 20 || chars < min / 2 ? 'mauvais' : 'moyen');
    out.textContent = chars + ' caractère' + (chars > 1 ? 's' : '') + ' · ' + words + ' mot' + (words > 1 ? 's' : '') +
      ' (recommandé : ' + min + ' à ' + max + ' caractères)';
    out.className = 'compteur-car ' + tone;
  }

  var editors = [];
  document.querySelectorAll('[data-editeur]').forEach(function (box) {
    var name = box.dataset.editeur;
    var holder = document.getElementById('editeur-' + name);
    var area = document.getElementById('f-' + name);
    var hidden = document.getElementById('f-' + name + '_blocks');
    var out = document.getElementById('compte-' + name);
    var min = parseInt(box.dataset.min || '0', 10), max = parseInt(box.dataset.max || '0', 10);
    if (!holder || !area || !hidden) return;
    var initial = json('blocs-' + name) || [];
    holder.hidden = false;
    area.hidden = true;
    // The label points at the editor once the textarea is hidden.
    var label = box.querySelector('label');
    if (label) label.removeAttribute('for');
    var editor = new window.EditorJS({
      holder: holder,
      tools: TOOLS[name] || {},
      i18n: i18n,
      placeholder: holder.dataset.vide,
      data: { blocks: Array.isArray(initial) ? initial : [] },
      minHeight: name === 'summary' ? 40 : 120,
      onChange: function () {
        editor.save().then(function (o) {
          count(out, textOf(o.blocks), min, max);
          if (window.e5Brouillon) window.e5Brouillon.saveBlocks(form, name, o.blocks);
        }).catch(function () {});
      },
      onReady: function () { count(out, textOf(Array.isArray(initial) ? initial : []), min, max); }
    });
    // Text put in the (hidden) textarea by another script — a paste helper, an automated
    // test — replaces the editor's content, so both stay in step.
    area.addEventListener('input', function () {
      editor.isReady.then(function () {
        var blocks = fromPlain(area.value);
        count(out, textOf(blocks), min, max);
        return blocks.length ? editor.render({ blocks: blocks }) : editor.clear();
      }).catch(function () {});
    });
    // A draft kept in the browser (brouillon.js) puts its blocks back here.
    if (window.e5Brouillon) {
      window.e5Brouillon.editor(form, name, initial, function (blocks) {
        editor.isReady.then(function () {
          count(out, textOf(blocks), min, max);
          return blocks.length ? editor.render({ blocks: blocks }) : editor.clear();
        }).catch(function () {});
      });
    }
    editors.push({ editor: editor, hidden: hidden });
  });
  window.e5EditeursProduit = editors;

  // The browser has already checked the fields when the event fires: once the editors have
  // saved, the form is sent as is (submit() fires no second event).
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    Promise.all(editors.map(function (x) {
      return x.editor.isReady.then(function () { return x.editor.save(); })
        .then(function (o) { x.hidden.value = JSON.stringify(o.blocks); });
    })).then(function () {
      // A button with its own formaction ("Générer les déclinaisons") sends the whole
      // form there, so that what was typed is saved with it.
      var submitter = e.submitter;
      if (submitter && submitter.hasAttribute('formaction')) form.action = submitter.formAction;
      HTMLFormElement.prototype.submit.call(form);
    }).catch(function () {
      window.alert('Le texte de l\'éditeur n\'a pas pu être enregistré. Réessayez.');
    });
  });
})();
