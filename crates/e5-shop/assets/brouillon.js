// Autosaved drafts, so that nothing typed is lost (as WordPress's autosave): every form
// marked data-brouillon="<key>" has what is typed in it (its fields, and the blocks of the
// Editor.js editors it holds, pushed by the editor scripts through window.e5Brouillon) kept
// every few seconds and when the page is left, in two places: localStorage (the immediate
// local copy) and the server (…/admin/brouillons, per sandbox, employee and page), which
// survives a browser change or a cleared profile. A discreet line under the form says when
// the server last kept it ("Brouillon enregistré à 14:32") or that it could not.
// Opened again with a draft that differs from the saved page, the page offers the newest
// of the two copies back ("Restaurer" / "Ignorer"); forms marked data-brouillon-auto get it
// back without asking (answers, short texts). The form carries its draft's key in a hidden
// `_brouillon` field: the server deletes its copy once the form is saved. Submitting marks
// the local copy as sent; it is removed once the next page shows no error. Leaving the page
// with unsaved changes asks first (not when submitting).
// Loaded without defer at the end of the back-office layout, before the editor scripts.
(function () {
  'use strict';
  var PREFIX = 'e5-brouillon:';
  var forms = [];
  var submitting = false;
  var pageHasError = !!document.querySelector('.avis-admin.erreur, [role=alert]');
  var script = document.currentScript;
  // The server's copies: this sandbox's back-office, unless the site is read-only.
  var admin = location.pathname.match(/^\/s\/[^/]+\/admin(?=\/)/);
  var SERVER = admin && !(script && script.hasAttribute('data-lecture-seule'))
    ? admin[0] + '/brouillons' : null;

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

  function post(path, body, keepalive) {
    var options = {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: body
    };
    // keepalive requests (sent while the page goes away) are limited to 64 KiB.
    if (keepalive && new Blob([body]).size < 60000) options.keepalive = true;
    return fetch(SERVER + path, options).then(function (r) {
      // A sign-in page (session over) is not an answer: only JSON is.
      return r.json().catch(function () { return null; }).then(function (j) {
        if (!r.ok || !j || typeof j !== 'object') {
          var e = new Error((j && j.erreur) || (r.ok ? 'session terminée ?' : 'erreur ' + r.status));
          e.status = r.status;
          throw e;
        }
        return j;
      });
    });
  }
  function hhmm(date) {
    var two = function (n) { return (n < 10 ? '0' : '') + n; };
    return two(date.getHours()) + ':' + two(date.getMinutes());
  }

  function Draft(form) {
    this.form = form;
    this.page = location.pathname + '|' + form.getAttribute('data-brouillon');
    this.key = PREFIX + this.page;
    this.initial = snapshot(form);
    this.blocks = {};        // editor name -> blocks, as last pushed by the editor
    this.initialBlocks = {}; // editor name -> blocks when the page opened
    this.restorers = {};     // editor name -> function (blocks)
    this.dirty = false;
    this.changedAt = 0;      // when the text last changed (ms), the time of both copies
    this.pending = null;     // a draft offered back, not yet restored or ignored
    this.serverText = null;  // the data the server last acknowledged, as JSON
    this.refusedText = null; // the data the server refused as too large
    this.inFlight = false;
    this.status = null;
  }
  Draft.prototype.data = function () {
    return { fields: snapshot(this.form), blocks: this.blocks };
  };
  // Keeps the local copy, and sends the server one when it changed (`leaving`: the page is
  // going away, the request must outlive it).
  Draft.prototype.save = function (leaving, localOnly) {
    if (!this.dirty || submitting) return;
    var data = this.data();
    write(this.key, { t: this.changedAt, fields: data.fields, blocks: data.blocks, sent: false });
    if (!localOnly) this.push(data, leaving);
  };
  Draft.prototype.push = function (data, leaving) {
    if (!SERVER) return;
    var text = JSON.stringify(data);
    // Not sent again: what the server has, or what it refused as too large.
    if (text === this.serverText || text === this.refusedText || (this.inFlight && !leaving)) return;
    var self = this;
    this.inFlight = true;
    post('', JSON.stringify({ page: this.page, t: this.changedAt, data: data }), leaving)
      .then(function () {
        self.serverText = text;
        self.showStatus('Brouillon enregistré à ' + hhmm(new Date()), false);
      }, function (e) {
        if (e && e.status === 413) self.refusedText = text;
        self.showStatus('Brouillon non enregistré sur le serveur' + (e && e.message ? ' (' + e.message + ')' : '') +
          ' : il reste gardé dans ce navigateur.', true);
      })
      .then(function () { self.inFlight = false; });
  };
  // Forgets both copies (ignored, or saved).
  Draft.prototype.forget = function () {
    remove(this.key);
    this.serverText = null;
    if (SERVER) post('/supprimer', JSON.stringify({ page: this.page }), false).catch(function () {});
  };
  Draft.prototype.showStatus = function (text, failed) {
    if (!this.status) {
      var p = document.createElement('p');
      p.className = 'aide brouillon-etat';
      p.setAttribute('data-brouillon-etat', '');
      p.setAttribute('aria-live', 'polite');
      this.form.parentNode.insertBefore(p, this.form);
      this.status = p;
    }
    this.status.textContent = text;
    this.status.classList.toggle('brouillon-echec', !!failed);
  };
  Draft.prototype.changed = function () {
    this.dirty = true;
    this.changedAt = Date.now();
  };
  Draft.prototype.restore = function (d) {
    apply(this.form, d.fields || {});
    var self = this;
    Object.keys(d.blocks || {}).forEach(function (name) {
      self.blocks[name] = d.blocks[name];
      if (self.restorers[name]) self.restorers[name](d.blocks[name]);
    });
    this.changed();
    this.save();
  };
  // Whether a copy differs from what the page shows.
  Draft.prototype.differs = function (d) {
    if (!same(d.fields || {}, this.initial)) return true;
    var self = this;
    return Object.keys(d.blocks || {}).some(function (name) {
      return !(name in self.initialBlocks) || !same(d.blocks[name], self.initialBlocks[name]);
    });
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
      draft.forget();
      box.remove();
    });
    draft.form.parentNode.insertBefore(box, draft.form);
  }

  // Offers `d` back (the newest copy that differs from the page), or forgets the copies
  // that do not differ.
  function offer(draft, d, stale) {
    var form = draft.form;
    if (d && draft.differs(d)) {
      if (form.hasAttribute('data-brouillon-auto') && !draft.dirty) {
        draft.restore(d);
        var note = document.createElement('p');
        note.className = 'aide brouillon-note';
        note.textContent = 'Texte non enregistré restauré (' + minutesAgo(d.t) + ') : pensez à l\'enregistrer.';
        form.insertBefore(note, form.firstChild);
      } else {
        draft.pending = d;
        banner(draft, d);
      }
    } else if (d || stale) {
      draft.forget();
    }
  }

  // After the editor scripts (deferred or not) said what their editors show.
  function whenReady(f) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', f);
    else f();
  }

  function start(form) {
    var draft = new Draft(form);
    forms.push(draft);
    // The key of the draft travels with the form: once saved, the server forgets its copy.
    var field = document.createElement('input');
    field.type = 'hidden';
    field.name = '_brouillon';
    field.value = draft.page;
    form.appendChild(field);
    var d = read(draft.key);
    var sentAt = 0;
    if (d && d.sent && !pageHasError) {
      // The previous submit was saved: the page shows it now.
      sentAt = d.t || 0;
      remove(draft.key);
      d = null;
    }
    if (!SERVER) {
      whenReady(function () { offer(draft, d, false); });
    } else {
      fetch(SERVER + '?page=' + encodeURIComponent(draft.page), {
        credentials: 'same-origin',
        headers: { 'Accept': 'application/json' }
      }).then(function (r) {
        return r.ok ? r.json() : null;
      }).catch(function () { return null; }).then(function (s) {
        var server = s && typeof s === 'object' && s.data
          ? { t: s.t || 0, fields: s.data.fields || {}, blocks: s.data.blocks || {}, server: true }
          : null;
        // A server copy not newer than a submit that was saved is that submit's.
        var stale = !!server && server.t <= sentAt;
        if (stale) server = null;
        if (server) draft.serverText = JSON.stringify({ fields: server.fields, blocks: server.blocks });
        whenReady(function () {
          var local = d && draft.differs(d) ? d : null;
          var remote = server && draft.differs(server) ? server : null;
          var best = local && remote ? (remote.t > local.t ? remote : local) : (local || remote);
          offer(draft, best || d || server, stale);
        });
      });
    }
    form.addEventListener('input', function () { draft.changed(); });
    form.addEventListener('change', function () { draft.changed(); });
    form.addEventListener('submit', function () {
      // The other forms of the page keep their drafts; this one keeps a copy, marked as
      // sent, until the next page confirms it was saved.
      // The submitted form's server copy is deleted once saved: not sent again now.
      forms.forEach(function (f) { f.save(true, f === draft); });
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
    forms.forEach(function (f) { f.save(true); });
    submitting = true;
    setTimeout(function () { submitting = false; }, 10000);
  });

  setInterval(function () { forms.forEach(function (f) { f.save(false); }); }, 3000);
  function leaving() { forms.forEach(function (f) { f.save(true); }); }
  window.addEventListener('pagehide', leaving);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') leaving();
  });
  window.addEventListener('beforeunload', function (e) {
    if (submitting) return;
    var dirty = forms.some(function (f) { return f.dirty; });
    if (!dirty) return;
    forms.forEach(function (f) { f.save(true); });
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
      draft.forget();
      draft.dirty = false;
      draft.initial = snapshot(form);
    }
  };
})();
