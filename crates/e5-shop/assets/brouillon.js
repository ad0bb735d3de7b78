// Drafts kept in the browser, so that nothing typed is lost (as WordPress's autosave): every
// form marked data-brouillon="<key>" has what is typed in it (its fields, and the blocks of
// the Editor.js editors it holds, pushed by the editor scripts through window.e5Brouillon)
// kept in localStorage every few seconds and when the page is left. Opened again with a
// draft that differs from the saved page, the page offers it back ("Restaurer" /
// "Ignorer"); forms marked data-brouillon-auto get it back without asking (answers, short
// texts). Submitting marks the draft as sent; it is removed once the next page shows no
// error. Leaving the page with unsaved changes asks first (not when submitting).
// Loaded without defer at the end of the back-office layout, before the editor scripts.
(function () {
  'use strict';
  var PREFIX = 'e5-brouillon:';
  var forms = [];
  var submitting = false;
  var pageHasError = !!document.querySelector('.avis-admin.erreur, [role=alert]');

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  function read(key) {
    var s = storage();
    if (!s) return null;
    try { return JSON.parse(s.getItem(key) || 'null'); } catch (e) { return null; }
  }
  function write(key, value) {
    var s = storage();
    if (!s) return;
    try { s.setItem(key, JSON.stringify(value)); } catch (e) { /* full or refused: nothing to do */ }
  }
  function remove(key) {
    var s = storage();
    if (s) try { s.removeItem(key); } catch (e) { /* ignore */ }
  }

  // The fields a person types into (not hidden fields, files or passwords).
  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled) return false;
      var t = (el.type || '').toLowerCase();
      return ['hidden', 'password', 'file', 'submit', 'button', 'reset', 'image'].indexOf(t) < 0;
    });
  }
  function fieldId(el) { return el.name + (el.type === 'checkbox' || el.type === 'radio' ? '=' + el.value : ''); }
  function snapshot(form) {
    var out = {};
    fieldsOf(form).forEach(function (el) {
      if (el.type === 'checkbox' || el.type === 'radio') out[fieldId(el)] = el.checked;
      else out[fieldId(el)] = el.value;
    });
    return out;
  }
  function apply(form, values) {
    fieldsOf(form).forEach(function (el) {
      var id = fieldId(el);
      // A field a script replaced by an editor (hidden) is restored through the editor.
      if (!(id in values) || el.hidden) return;
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = !!values[id];
      else el.value = values[id];
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function Draft(form) {
    this.form = form;
    this.key = PREFIX + location.pathname + '|' + form.getAttribute('data-brouillon');
    this.initial = snapshot(form);
    this.blocks = {};        // editor name -> blocks, as last pushed by the editor
    this.initialBlocks = {}; // editor name -> blocks when the page opened
    this.restorers = {};     // editor name -> function (blocks)
    this.dirty = false;
    this.pending = null;     // a draft offered back, not yet restored or ignored
  }
  Draft.prototype.save = function () {
    if (!this.dirty || submitting) return;
    write(this.key, { t: Date.now(), fields: snapshot(this.form), blocks: this.blocks, sent: false });
  };
  Draft.prototype.changed = function () {
    this.dirty = true;
  };
  Draft.prototype.restore = function (d) {
    apply(this.form, d.fields || {});
    var self = this;
    Object.keys(d.blocks || {}).forEach(function (name) {
      self.blocks[name] = d.blocks[name];
      if (self.restorers[name]) self.restorers[name](d.blocks[name]);
    });
    this.dirty = true;
    this.save();
  };

  function minutesAgo(t) {
    var n = Math.max(0, Math.round((Date.now() - t) / 60000));
    return n < 1 ? 'il y a moins d\'une minute' : 'il y a ' + n + ' min';
  }

  function banner(draft, d) {
    var box = document.createElement('div');
    box.className = 'avis-admin attention brouillon-avis';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-brouillon-avis', '');
    var p = document.createElement('p');
    p.textContent = 'Une version non enregistrée de cette page existe (' + minutesAgo(d.t) + '). ';
    var yes = document.createElement('button');
    yes.type = 'button';
    yes.className = 'bouton-principal';
    yes.textContent = 'Restaurer';
    yes.setAttribute('data-brouillon-restaurer', '');
    var no = document.createElement('button');
    no.type = 'button';
    no.className = 'bouton';
    no.textContent = 'Ignorer';
    no.setAttribute('data-brouillon-ignorer', '');
    p.appendChild(yes);
    p.appendChild(document.createTextNode(' '));
    p.appendChild(no);
    box.appendChild(p);
    yes.addEventListener('click', function () {
      draft.pending = null;
      draft.restore(d);
      box.remove();
    });
    no.addEventListener('click', function () {
      draft.pending = null;
      remove(draft.key);
      box.remove();
    });
    draft.form.parentNode.insertBefore(box, draft.form);
  }

  function start(form) {
    var draft = new Draft(form);
    forms.push(draft);
    var d = read(draft.key);
    if (d && d.sent && !pageHasError) {
      // The previous submit was saved: the page shows it now.
      remove(draft.key);
      d = null;
    }
    var hasBlocks = d && d.blocks && Object.keys(d.blocks).length > 0;
    if (d && (hasBlocks || !same(d.fields || {}, draft.initial))) {
      if (form.hasAttribute('data-brouillon-auto')) {
        draft.restore(d);
        var note = document.createElement('p');
        note.className = 'aide brouillon-note';
        note.textContent = 'Texte non enregistré restauré (' + minutesAgo(d.t) + ') : pensez à l\'enregistrer.';
        form.insertBefore(note, form.firstChild);
      } else {
        draft.pending = d;
        banner(draft, d);
      }
    } else if (d) {
      remove(draft.key);
    }
    form.addEventListener('input', function () { draft.changed(); });
    form.addEventListener('change', function () { draft.changed(); });
    form.addEventListener('submit', function () {
      // The other forms of the page keep their drafts; this one keeps a copy, marked as
      // sent, until the next page confirms it was saved.
      forms.forEach(function (f) { f.save(); });
      var kept = read(draft.key);
      if (kept) { kept.sent = true; write(draft.key, kept); }
      var wasDirty = draft.dirty;
      draft.dirty = false;
      submitting = true;
      // Still on the page a while later: the submit did not go (an editor that could not
      // save, a check refused in the browser): the text is unsaved again.
      setTimeout(function () {
        submitting = false;
        var again = read(draft.key);
        if (again && again.sent) { again.sent = false; write(draft.key, again); }
        draft.dirty = draft.dirty || wasDirty;
      }, 10000);
    });
    return draft;
  }

  function find(form) {
    for (var i = 0; i < forms.length; i++) if (forms[i].form === form) return forms[i];
    return null;
  }

  // Drafts older than a week are of no use any more (an exam lasts a day), and drafts of
  // another sandbox are another candidate's: a workstation serves several candidates in a
  // day, all on the same origin, and none may read what the previous one typed.
  (function purge() {
    var s = storage();
    if (!s) return;
    var mine = PREFIX + location.pathname.split('/').slice(0, 3).join('/') + '/';
    try {
      var old = [];
      for (var i = 0; i < s.length; i++) {
        var k = s.key(i);
        if (k && k.indexOf(PREFIX) === 0) {
          var d = read(k);
          if (k.indexOf(mine) !== 0 || !d || !d.t || Date.now() - d.t > 7 * 24 * 3600 * 1000) old.push(k);
        }
      }
      old.forEach(remove);
    } catch (e) { /* ignore */ }
  })();

  document.querySelectorAll('form[data-brouillon]').forEach(start);

  // Any other form of the page sent (a specific price, a pack item…) leaves the page too:
  // the drafts are kept, so the browser does not ask.
  document.addEventListener('submit', function (e) {
    if (e.defaultPrevented || find(e.target)) return;
    forms.forEach(function (f) { f.save(); });
    submitting = true;
    setTimeout(function () { submitting = false; }, 10000);
  });

  setInterval(function () { forms.forEach(function (f) { f.save(); }); }, 3000);
  window.addEventListener('pagehide', function () { forms.forEach(function (f) { f.save(); }); });
  window.addEventListener('beforeunload', function (e) {
    if (submitting) return;
    var dirty = forms.some(function (f) { return f.dirty; });
    if (!dirty) return;
    forms.forEach(function (f) { f.save(); });
    e.preventDefault();
    e.returnValue = '';
  });

  window.e5Brouillon = {
    // An editor of `form` called `name`: `restore(blocks)` puts a draft's blocks back.
    editor: function (form, name, initialBlocks, restore) {
      var draft = find(form);
      if (!draft) return;
      draft.initialBlocks[name] = initialBlocks;
      draft.restorers[name] = restore;
    },
    // What the editor `name` of `form` holds now (called on each of its changes).
    saveBlocks: function (form, name, blocks) {
      var draft = find(form);
      if (!draft) return;
      if (!(name in draft.blocks) && same(blocks, draft.initialBlocks[name])) return;
      draft.blocks[name] = blocks;
      draft.changed();
    },
    // Whether the page has typed changes not saved yet.
    dirty: function () { return forms.some(function (f) { return f.dirty; }); },
    // A form saved without leaving the page (fetch): its draft is no longer needed.
    saved: function (form) {
      var draft = find(form);
      if (!draft) return;
      remove(draft.key);
      draft.dirty = false;
      draft.initial = snapshot(form);
    }
  };
})();
