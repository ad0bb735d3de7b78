// The block editor of articles and pages: Editor.js (vendored) with its official tools, plus
// small tools of our own for what comes from the media library (image, gallery, audio, file,
// cover, slider, team) and the exam's richer blocks (button, columns, map, form, FAQ,
// testimonials, countdown). Each tool stores plain data; the server validates it and renders
// it safely on the storefront. The form posts the JSON in a hidden field.
(function () {
  'use strict';
  function json(id) {
    var el = document.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return null; }
  }
  var MEDIA = json('donnees-medias') || [];
  var TOWNS = json('donnees-villes') || [];
  var holder = document.getElementById('editeur');
  var featured = document.getElementById('f-featured');
  var BASE = featured ? featured.dataset.base : '';

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'className') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  var uid = 0;
  // A labelled input: returns {wrap, input}.
  function field(label, value, opts) {
    opts = opts || {};
    var id = 'bloc-champ-' + (++uid);
    var input = el(opts.multiline ? 'textarea' : 'input', { id: id, className: 'bloc-saisie' });
    if (opts.type) input.type = opts.type;
    if (opts.multiline) input.rows = opts.rows || 3;
    if (opts.placeholder) input.placeholder = opts.placeholder;
    if (opts.list) input.setAttribute('list', opts.list);
    input.value = value == null ? '' : value;
    var wrap = el('div', { className: 'bloc-champ' }, [el('label', { for: id, text: label }), input]);
    return { wrap: wrap, input: input };
  }
  function mediaSelect(label, value, kind) {
    var f = field(label, '');
    var select = el('select', { id: f.input.id, className: 'bloc-saisie' });
    select.appendChild(el('option', { value: '', text: '(choisir dans la médiathèque)' }));
    MEDIA.filter(function (m) { return !kind || m.mime.indexOf(kind) === 0; }).forEach(function (m) {
      var o = el('option', { value: String(m.id), text: m.file + (m.alt ? ' — ' + m.alt : '') });
      if (String(value) === String(m.id)) o.selected = true;
      select.appendChild(o);
    });
    f.wrap.replaceChild(select, f.input);
    var preview = null;
    if (kind === 'image/') {
      preview = el('img', { className: 'bloc-apercu', alt: '' });
      var show = function () {
        if (select.value) { preview.src = BASE + '/media/' + select.value; preview.hidden = false; } else { preview.hidden = true; }
      };
      select.addEventListener('change', show);
      show();
      f.wrap.appendChild(preview);
    }
    return { wrap: f.wrap, input: select };
  }
  function altOf(id) {
    var m = MEDIA.filter(function (x) { return String(x.id) === String(id); })[0];
    return m ? m.alt : '';
  }
  function num(v) { var n = parseInt(v, 10); return isNaN(n) ? null : n; }
  function box(title, children) {
    return el('div', { className: 'bloc-perso' }, [el('p', { className: 'bloc-perso-titre', text: title })].concat(children));
  }

  // A tool made of named fields: spec = [[key, label, options]].
  // A field picks a media file when its options name a `media` type, even the empty one
  // (any file: the "Fichier à télécharger" block), which is falsy.
  function isMedia(opts) { return !!opts && Object.prototype.hasOwnProperty.call(opts, 'media'); }

  function simpleTool(name, title, icon, spec, extra) {
    function Tool(args) { this.data = args.data || {}; this.inputs = {}; }
    Tool.toolbox = { title: title, icon: icon };
    Tool.prototype.render = function () {
      var self = this;
      var rows = spec.map(function (s) {
        var key = s[0], opts = s[2] || {};
        var f = isMedia(opts) ? mediaSelect(s[1], self.data[key], opts.media) :
          opts.choices ? (function () {
            var f2 = field(s[1], '');
            var sel = el('select', { id: f2.input.id, className: 'bloc-saisie' });
            opts.choices.forEach(function (c) { var o = el('option', { value: c[0], text: c[1] }); if (self.data[key] === c[0]) o.selected = true; sel.appendChild(o); });
            f2.wrap.replaceChild(sel, f2.input);
            return { wrap: f2.wrap, input: sel };
          })() : field(s[1], self.data[key], opts);
        self.inputs[key] = f.input;
        return f.wrap;
      });
      return box(title, rows);
    };
    Tool.prototype.save = function () {
      var out = {}, self = this;
      spec.forEach(function (s) {
        var v = self.inputs[s[0]].value;
        out[s[0]] = isMedia(s[2]) ? num(v) : v;
      });
      return extra ? extra(out) : out;
    };
    Tool.prototype.validate = function () { return true; };
    return Tool;
  }

  // A tool made of a repeated group of fields ("Ajouter une question"…).
  function repeaterTool(title, icon, key, itemLabel, spec) {
    function Tool(args) { this.data = args.data || {}; this.rows = []; }
    Tool.toolbox = { title: title, icon: icon };
    Tool.prototype.render = function () {
      var self = this;
      var list = el('div', { className: 'bloc-repetition' });
      function add(item) {
        var inputs = {};
        var fields = spec.map(function (s) {
          var f = isMedia(s[2]) ? mediaSelect(s[1], item[s[0]], s[2].media) : field(s[1], item[s[0]], s[2]);
          inputs[s[0]] = f.input;
          return f.wrap;
        });
        var remove = el('button', { type: 'button', className: 'lien-action lien-danger', text: 'Retirer' });
        var row = el('fieldset', { className: 'bloc-element' }, [el('legend', { text: itemLabel })].concat(fields).concat([remove]));
        var entry = { row: row, inputs: inputs };
        remove.addEventListener('click', function () { row.remove(); self.rows = self.rows.filter(function (r) { return r !== entry; }); });
        self.rows.push(entry);
        list.appendChild(row);
      }
      (this.data[key] || []).forEach(add);
      if (!this.rows.length) add({});
      var more = el('button', { type: 'button', className: 'bouton', text: '+ ' + itemLabel });
      more.addEventListener('click', function () { add({}); });
      return box(title, [list, more]);
    };
    Tool.prototype.save = function () {
      var out = {};
      out[key] = this.rows.map(function (r) {
        var item = {};
        spec.forEach(function (s) {
          var v = r.inputs[s[0]].value;
          item[s[0]] = isMedia(s[2]) ? num(v) : v;
          if (isMedia(s[2])) item.alt = altOf(v);
        });
        return item;
      });
      return out;
    };
    return Tool;
  }

  var ICON = function (path) { return '<svg width="17" height="17" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="' + path + '"/></svg>'; };

  var ImageTool = simpleTool('image', 'Image', ICON('M3 5h18v14H3zM3 16l5-5 4 4 3-3 6 6'), [
    ['media_id', 'Image', { media: 'image/' }],
    ['alt', 'Texte alternatif (décrit l\'image pour les personnes malvoyantes et les moteurs de recherche)', {}],
    ['caption', 'Légende (facultative)', {}],
    ['link', 'Lien au clic (facultatif : /page/… ou https://…)', {}]
  ]);
  // Picking an image fills its alternative text from the library when it is empty.
  var baseRender = ImageTool.prototype.render;
  ImageTool.prototype.render = function () {
    var node = baseRender.call(this), self = this;
    this.inputs.media_id.addEventListener('change', function () {
      if (!self.inputs.alt.value) self.inputs.alt.value = altOf(self.inputs.media_id.value);
    });
    return node;
  };

  var tools = {
    header: { class: window.Header, inlineToolbar: true, config: { levels: [2, 3, 4], defaultLevel: 2, placeholder: 'Intertitre' } },
    list: { class: window.EditorjsList, inlineToolbar: true },
    quote: { class: window.Quote, inlineToolbar: true, config: { quotePlaceholder: 'Citation', captionPlaceholder: 'Auteur' } },
    table: { class: window.Table, inlineToolbar: true },
    delimiter: window.Delimiter,
    image: ImageTool,
    gallery: repeaterTool('Galerie', ICON('M3 3h8v8H3zM13 3h8v8h-8zM3 13h8v8H3zM13 13h8v8h-8z'), 'items', 'Image', [['media_id', 'Image', { media: 'image/' }], ['caption', 'Légende', {}]]),
    button: simpleTool('button', 'Bouton', ICON('M3 8h18v8H3zM8 12h8'), [['text', 'Texte du bouton', {}], ['url', 'Lien (/page/… ou https://…)', {}]]),
    audio: simpleTool('audio', 'Audio', ICON('M9 18V5l12-2v13M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0zM21 16a3 3 0 1 1-6 0 3 3 0 0 1 6 0z'), [['media_id', 'Fichier son (MP3)', { media: 'audio/' }], ['caption', 'Légende', {}]]),
    file: simpleTool('file', 'Fichier à télécharger', ICON('M14 2H6v20h12V6zM14 2v4h4M12 11v6M9 14l3 3 3-3'), [['media_id', 'Fichier (PDF…)', { media: '' }], ['title', 'Texte du lien', {}]]),
    cover: simpleTool('cover', 'Bannière', ICON('M2 4h20v16H2zM6 14h12'), [['media_id', 'Image de fond', { media: 'image/' }], ['title', 'Titre', {}], ['text', 'Texte', {}], ['button', 'Texte du bouton (facultatif)', {}], ['url', 'Lien du bouton', {}]]),
    columns: repeaterTool('Colonnes', ICON('M3 4h7v16H3zM14 4h7v16h-7z'), 'columns', 'Colonne', [['title', 'Titre de la colonne', {}], ['text', 'Texte', { multiline: true }]]),
    map: simpleTool('map', 'Carte', ICON('M12 21s-7-6.2-7-11a7 7 0 0 1 14 0c0 4.8-7 11-7 11zM12 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4z'), [['label', 'Nom du lieu (ex. : Notre atelier)', {}], ['address', 'Adresse', {}], ['town', 'Ville (choisir dans la liste pour placer le repère)', { list: 'liste-villes' }], ['lat', 'Latitude (facultatif, ex. 47.06)', {}], ['lon', 'Longitude (facultatif, ex. -0.88)', {}]]),
    form: simpleTool('form', 'Formulaire', ICON('M4 4h16v16H4zM8 9h8M8 13h8M8 17h4'), [['kind', 'Type de formulaire', { choices: [['contact', 'Formulaire de contact'], ['newsletter', 'Inscription à la newsletter']] }], ['title', 'Titre', {}], ['button', 'Texte du bouton', {}]]),
    faq: repeaterTool('FAQ', ICON('M9 9a3 3 0 1 1 4 2.8c-.6.3-1 .9-1 1.6V15M12 19h.01'), 'items', 'Question', [['question', 'Question', {}], ['answer', 'Réponse', { multiline: true }]]),
    testimonials: repeaterTool('Témoignages', ICON('M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z'), 'items', 'Témoignage', [['name', 'Nom', {}], ['role', 'Qualité (ex. : cliente à Nantes)', {}], ['text', 'Témoignage', { multiline: true }]]),
    team: repeaterTool('Équipe', ICON('M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z'), 'items', 'Membre', [['name', 'Nom', {}], ['role', 'Fonction', {}], ['bio', 'Présentation', { multiline: true }], ['media_id', 'Photo', { media: 'image/' }]]),
    slider: repeaterTool('Diaporama', ICON('M2 6h20v12H2zM8 21h8'), 'slides', 'Diapositive', [['media_id', 'Image', { media: 'image/' }], ['caption', 'Légende', {}]]),
    countdown: simpleTool('countdown', 'Compte à rebours', ICON('M12 6v6l4 2M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z'), [['title', 'Titre (ex. : Fin des soldes dans)', {}], ['date', 'Date et heure de fin', { type: 'datetime-local' }], ['ended', 'Texte une fois terminé', {}]], function (d) { d.date = (d.date || '').replace('T', ' '); return d; })
  };
  // Fill the datetime-local field back from "YYYY-MM-DD HH:MM".
  var cdRender = tools.countdown.prototype.render;
  tools.countdown.prototype.render = function () {
    var n = cdRender.call(this);
    if (this.data.date) this.inputs.date.value = String(this.data.date).replace(' ', 'T').slice(0, 16);
    return n;
  };

  var list = el('datalist', { id: 'liste-villes' });
  TOWNS.forEach(function (t) { list.appendChild(el('option', { value: t })); });
  document.body.appendChild(list);

  var i18n = { messages: {
    ui: {
      blockTunes: { toggler: { 'Click to tune': 'Cliquer pour régler', 'or drag to move': 'ou glisser pour déplacer' } },
      inlineToolbar: { converter: { 'Convert to': 'Convertir en' } },
      toolbar: { toolbox: { Add: 'Ajouter un bloc' } },
      popover: { Filter: 'Rechercher', 'Nothing found': 'Aucun bloc trouvé', 'Convert to': 'Convertir en' }
    },
    toolNames: { Text: 'Paragraphe', Heading: 'Intertitre', 'Unordered List': 'Liste à puces', 'Ordered List': 'Liste numérotée', Checklist: 'Liste de cases', List: 'Liste', Quote: 'Citation', Table: 'Tableau', Delimiter: 'Séparateur', Bold: 'Gras', Italic: 'Italique', Link: 'Lien' },
    tools: {
      link: { 'Add a link': 'Ajouter un lien' },
      header: { 'Heading 2': 'Titre 2', 'Heading 3': 'Titre 3', 'Heading 4': 'Titre 4' },
      list: { Unordered: 'À puces', Ordered: 'Numérotée', Checklist: 'Cases à cocher' },
      table: { 'With headings': 'Avec en-têtes', 'Without headings': 'Sans en-têtes', 'Add row above': 'Ajouter une ligne au-dessus', 'Add row below': 'Ajouter une ligne en dessous', 'Delete row': 'Supprimer la ligne', 'Add column to left': 'Ajouter une colonne à gauche', 'Add column to right': 'Ajouter une colonne à droite', 'Delete column': 'Supprimer la colonne' },
      stub: { 'The block can not be displayed correctly.': 'Ce bloc ne peut pas être affiché.' }
    },
    blockTunes: { delete: { Delete: 'Supprimer', 'Click to delete': 'Cliquer pour confirmer' }, moveUp: { 'Move up': 'Monter' }, moveDown: { 'Move down': 'Descendre' } }
  } };

  var wordCount = document.getElementById('compte-mots');
  // The text a visitor reads in the blocks: field for field the reading of
  // `e5_domain::blocks::block_texts`, so that this counter, the SEO panel and the subjects'
  // checks give the same number. Markup is read by an inert parser (nothing runs).
  var FIELDS = ['text', 'caption', 'title', 'button', 'question', 'answer'];
  var ITEM_FIELDS = ['content', 'text', 'caption', 'title', 'question', 'answer', 'name', 'role', 'bio'];
  function texteVisible(block) {
    var d = block.data || {}, out = [];
    FIELDS.forEach(function (k) { if (typeof d[k] === 'string') out.push(d[k]); });
    function items(list) {
      (Array.isArray(list) ? list : []).forEach(function (i) {
        if (typeof i === 'string') { out.push(i); return; }
        if (!i || typeof i !== 'object') return;
        ITEM_FIELDS.forEach(function (k) { if (typeof i[k] === 'string') out.push(i[k]); });
        items(i.items);
      });
    }
    ['items', 'columns', 'slides'].forEach(function (k) { items(d[k]); });
    if (block.type === 'table') (d.content || []).forEach(function (row) { (row || []).forEach(function (c) { if (typeof c === 'string') out.push(c); }); });
    return out;
  }
  var parser = new DOMParser();
  function countWords(blocks) {
    var n = 0;
    blocks.forEach(function (b) {
      texteVisible(b).forEach(function (piece) {
        var text = parser.parseFromString(piece, 'text/html').body.textContent || '';
        n += text.split(/\s+/).filter(function (w) { return /[\p{L}\p{N}]/u.test(w); }).length;
      });
    });
    if (wordCount) wordCount.textContent = n + ' mot' + (n > 1 ? 's' : '');
  }

  var form = document.getElementById('form-editeur');
  var editor = null;
  if (holder && window.EditorJS) {
    var initial = json('donnees-blocs') || [];
    editor = new window.EditorJS({
      holder: 'editeur',
      tools: tools,
      i18n: i18n,
      placeholder: holder.dataset.vide,
      data: { blocks: Array.isArray(initial) ? initial : [] },
      minHeight: 120,
      onChange: function () {
        editor.save().then(function (o) {
          countWords(o.blocks);
          if (window.e5Brouillon && form) window.e5Brouillon.saveBlocks(form, 'blocs', o.blocks);
        }).catch(function () {});
      }
    });
    window.e5Editeur = editor;
    // A draft kept in the browser (brouillon.js) puts its blocks back here.
    if (window.e5Brouillon && form) {
      window.e5Brouillon.editor(form, 'blocs', initial, function (blocks) {
        editor.isReady.then(function () {
          return blocks.length ? editor.render({ blocks: blocks }) : editor.clear();
        }).then(function () { countWords(blocks); }).catch(function () {});
      });
    }
  }

  if (form && editor) {
    form.addEventListener('submit', function (e) {
      var submitter = e.submitter;
      if (submitter && submitter.hasAttribute('data-restaurer')) return;
      e.preventDefault();
      document.getElementById('f-action').value = submitter && submitter.value ? submitter.value : 'draft';
      editor.save().then(function (out) {
        document.getElementById('f-blocks').value = JSON.stringify(out.blocks);
        form.submit();
      }).catch(function () {
        window.alert('Le contenu de l\'éditeur n\'a pas pu être enregistré. Réessayez.');
      });
    });
  }

  // Featured image: choose from the library, with a preview.
  if (featured) {
    var chosen = featured.dataset.choisi;
    MEDIA.filter(function (m) { return m.mime.indexOf('image/') === 0; }).forEach(function (m) {
      var o = el('option', { value: String(m.id), text: m.file + (m.alt ? ' — ' + m.alt : '') });
      if (String(m.id) === chosen) o.selected = true;
      featured.appendChild(o);
    });
    var img = document.getElementById('apercu-une');
    var show = function () { if (featured.value) { img.src = BASE + '/media/' + featured.value; img.hidden = false; } else img.hidden = true; };
    featured.addEventListener('change', show);
    show();
  }

  // The search-result preview follows the SEO fields as they are typed: the title as the
  // storefront writes it (`e5_domain::seo::page_title`: the site's name once), the address
  // from the slug or, while it is empty, from the title.
  var preview = document.querySelector('.apercu-google');
  var fold = function (t) { return t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); };
  function shownTitle(t) {
    var site = preview ? preview.dataset.site || '' : '';
    t = t.trim();
    if (!t) return site;
    return !site || fold(t).indexOf(fold(site)) >= 0 ? t : t + ' – ' + site;
  }
  function slugOf(t) { return fold(t).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''); }
  function live(inputId, targetId, fallbackId, shape) {
    var input = document.getElementById(inputId), target = document.getElementById(targetId);
    if (!input || !target) return;
    var fallback = fallbackId && document.getElementById(fallbackId);
    var update = function () {
      var v = input.value || (fallback ? (shape === slugOf ? slugOf(fallback.value) : fallback.value) : '');
      target.textContent = shape === shownTitle ? shownTitle(v)
        : shape === slugOf ? (v || '(calculée à partir du titre)') : v;
    };
    input.addEventListener('input', update);
    if (fallback) fallback.addEventListener('input', update);
  }
  live('f-meta_title', 'g-titre', 'f-title', shownTitle);
  live('f-meta_description', 'g-desc');
  live('f-slug', 'g-slug', 'f-title', slugOf);
})();
