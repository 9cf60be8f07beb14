// The form's store mode (`spur serve` with a store, signed in): a list of the inspections the
// person may see (`GET /v1/inspections`), open one (`GET …/document`, its ETag kept), save it
// (`PUT …/document` with `If-Match`). When someone else saved in between (412), the page shows
// who, when and what they changed, and for every field both of you changed, your value and
// theirs with a choice per field; fields only they changed are taken, fields only you changed
// are kept. Nothing typed is lost: every edit is in localStorage (app.js), and so is the
// opened inspection's id, ETag and the version you started from (the base of the merge).
// All text is inserted with textContent.
'use strict';

(function () {
  const KEY = 'spur-form.store.v1';
  const $ = (id) => document.getElementById(id);
  const api = (url, opts) => window.Spur.api(url, opts);
  let opened = null; // { id, etag, base, unit }
  let pending = null; // the 412's merge: { theirs, etag, conflicts: [{path, mine, theirs}] }

  // The panel's words; the language is the page's (app.js sets <html lang>).
  const TEXT = {
    sv: {
      title: 'Inspektioner i arkivet', refresh: 'Uppdatera listan', save: 'Spara i arkivet',
      conflict: 'Någon annan har sparat under tiden', field: 'Fält', mine_value: 'Ditt värde',
      their_value: 'Deras värde', keep: 'Behåll', merge: 'Slå ihop och spara', mine: 'Mitt',
      theirs: 'Deras', open: 'Öppna', opened_none: 'Ingen inspektion från arkivet är öppen.',
      opened: (u, id, tag) => `Öppen: ${u} (inspektion ${id}, ${tag})`,
      opened_now: (u, tag) => `Öppnade ${u} (${tag}).`, open_failed: 'Inspektionen kunde inte öppnas',
      list_failed: (s) => `Listan kunde inte hämtas (HTTP ${s}).`, empty: 'Inga inspektioner att visa.',
      saved: (n) => `Sparat som version ${n}.`,
      not_saved: (m) => `Sparades inte: ${m}. Dina ändringar finns kvar i webbläsaren.`,
      who: (n, by, at) => `Version ${n} sparades av ${by} ${at}.`,
      choose: (n) => `Någon annan har sparat. ${n} fält ändrades av er båda: välj för varje fält.`,
      no_clash: 'Någon annan har sparat. Inga fält krockar: slå ihop och spara.', version: 'version'
    },
    en: {
      title: 'Inspections in the store', refresh: 'Refresh the list', save: 'Save to the store',
      conflict: 'Someone else saved meanwhile', field: 'Field', mine_value: 'Your value',
      their_value: 'Their value', keep: 'Keep', merge: 'Merge and save', mine: 'Mine',
      theirs: 'Theirs', open: 'Open', opened_none: 'No inspection from the store is open.',
      opened: (u, id, tag) => `Open: ${u} (inspection ${id}, ${tag})`,
      opened_now: (u, tag) => `Opened ${u} (${tag}).`, open_failed: 'The inspection could not be opened',
      list_failed: (s) => `The list could not be fetched (HTTP ${s}).`, empty: 'No inspections to show.',
      saved: (n) => `Saved as version ${n}.`,
      not_saved: (m) => `Not saved: ${m}. Your changes are still in the browser.`,
      who: (n, by, at) => `Version ${n} was saved by ${by} at ${at}.`,
      choose: (n) => `Someone else saved. ${n} field(s) were changed by both of you: choose for each.`,
      no_clash: 'Someone else saved. No field clashes: merge and save.', version: 'version'
    }
  };
  const tr = (key) => TEXT[document.documentElement.lang === 'en' ? 'en' : 'sv'][key];
  function translate() {
    for (const e of document.querySelectorAll('[data-store-text]')) e.textContent = tr(e.getAttribute('data-store-text'));
    for (const b of document.querySelectorAll('#store-list button')) b.textContent = `${tr('open')} ${b.getAttribute('data-unit')}`;
    for (const l of document.querySelectorAll('#conflict-rows label')) l.textContent = ` ${tr(l.getAttribute('data-choice'))} `;
    showOpened();
  }

  function load() {
    try { opened = JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { opened = null; }
  }
  function keep() {
    try { localStorage.setItem(KEY, JSON.stringify(opened)); } catch (e) { /* storage off */ }
  }
  function status(text, problem) {
    $('store-status').textContent = text;
    $('store-status').className = problem ? 'problem' : '';
  }
  function showOpened() {
    $('store-open').textContent = opened
      ? tr('opened')(opened.unit, opened.id, opened.etag)
      : tr('opened_none');
    $('store-save').disabled = !opened;
  }

  // Every leaf of a JSON value by its dotted path (arrays are leaves: a list is one field).
  function flatten(value, prefix, out) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    } else if (prefix) {
      out.set(prefix, JSON.stringify(value === undefined ? null : value));
    }
    return out;
  }
  function splitPath(path, root) {
    // Keys may hold dots (criterion ids such as "D.F6"): walk the longest existing key.
    const parts = path.split('.');
    const keys = [];
    let node = root;
    let i = 0;
    while (i < parts.length) {
      let j = parts.length;
      for (; j > i + 1; j--) {
        const k = parts.slice(i, j).join('.');
        if (node && typeof node === 'object' && k in node) break;
      }
      const k = parts.slice(i, j).join('.');
      keys.push(k);
      node = node && typeof node === 'object' ? node[k] : undefined;
      i = j;
    }
    return keys;
  }
  function setPath(root, keys, json) {
    let node = root;
    for (const k of keys.slice(0, -1)) {
      if (!node[k] || typeof node[k] !== 'object') node[k] = {};
      node = node[k];
    }
    const last = keys[keys.length - 1];
    const value = JSON.parse(json);
    if (value === null) delete node[last]; else node[last] = value;
  }
  function leafKeys(value, prefix, keys, out) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) leafKeys(v, prefix ? `${prefix}.${k}` : k, keys.concat([k]), out);
    } else if (prefix) {
      out.set(prefix, keys);
    }
    return out;
  }

  async function list() {
    const r = await api('/v1/inspections?limit=200', { headers: { Accept: 'application/json' } });
    if (!r.ok) { status(tr('list_failed')(r.status), true); return; }
    const items = (await r.json()).items || [];
    const ul = $('store-list');
    ul.textContent = '';
    for (const i of items) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'store-open';
      b.setAttribute('data-id', String(i.id));
      b.setAttribute('data-unit', i.unit);
      b.textContent = `${tr('open')} ${i.unit}`;
      b.disabled = !i.head_version;
      b.addEventListener('click', () => open(i.id));
      const info = document.createElement('span');
      info.textContent = ` ${i.visit_date || '–'} · ${i.state} · ${tr('version')} ${i.head_version}`;
      li.append(b, info);
      ul.append(li);
    }
    if (!items.length) status(tr('empty'));
  }

  async function fetchDocument(id) {
    const r = await api(`/v1/inspections/${id}/document`, { headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return { doc: await r.json(), etag: r.headers.get('ETag') };
  }

  async function open(id) {
    try {
      const { doc, etag } = await fetchDocument(id);
      opened = { id, etag, base: window.SpurApp.sendable(doc), unit: doc.inspection.unit };
      keep();
      window.SpurApp.setDocument(doc);
      $('conflict').hidden = true;
      pending = null;
      showOpened();
      status(tr('opened_now')(doc.inspection.unit, etag));
    } catch (e) {
      status(`${tr('open_failed')}: ${e.message}`, true);
    }
  }

  async function put(doc, etag) {
    return api(`/v1/inspections/${opened.id}/document`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'If-Match': etag },
      body: JSON.stringify(doc)
    });
  }

  async function saveToStore() {
    if (!opened) return;
    const mine = window.SpurApp.getDocument();
    const r = await put(mine, opened.etag);
    if (r.ok) {
      opened.etag = r.headers.get('ETag');
      opened.base = mine;
      keep();
      showOpened();
      $('conflict').hidden = true;
      status(tr('saved')((await r.json()).head_version));
      return;
    }
    if (r.status === 412) { await conflict(mine, await r.json()); return; }
    let message = `HTTP ${r.status}`;
    try { message = (await r.json()).message || message; } catch (e) { /* not JSON */ }
    status(tr('not_saved')(message), true);
  }

  // 412: what the other person changed, and a choice for every field both of you changed.
  async function conflict(mine, stale) {
    let theirs;
    try { theirs = await fetchDocument(opened.id); } catch (e) { status(tr('not_saved')(e.message), true); return; }
    const base = flatten(opened.base, '', new Map());
    const my = flatten(mine, '', new Map());
    theirs.doc = window.SpurApp.sendable(theirs.doc);
    const their = flatten(theirs.doc, '', new Map());
    const paths = new Set([...base.keys(), ...my.keys(), ...their.keys()]);
    const nul = JSON.stringify(null);
    const conflicts = [];
    for (const p of [...paths].sort()) {
      const b = base.has(p) ? base.get(p) : nul;
      const m = my.has(p) ? my.get(p) : nul;
      const t = their.has(p) ? their.get(p) : nul;
      if (m !== b && t !== b && m !== t) conflicts.push({ path: p, mine: m, theirs: t });
    }
    pending = { mine, theirs: theirs.doc, etag: theirs.etag, conflicts, base, my };
    $('conflict-who').textContent = tr('who')(stale.current_version, stale.saved_by, stale.saved_at);
    const changes = $('conflict-changes');
    changes.textContent = '';
    for (const f of (stale.changes && stale.changes.fields) || []) {
      const li = document.createElement('li');
      li.textContent = f;
      changes.append(li);
    }
    const rows = $('conflict-rows');
    rows.textContent = '';
    conflicts.forEach((c, n) => {
      const row = document.createElement('tr');
      row.setAttribute('data-path', c.path);
      const cell = (text) => { const td = document.createElement('td'); td.textContent = text; return td; };
      const choice = document.createElement('td');
      for (const value of ['mine', 'theirs']) {
        const id = `conflict-${n}-${value}`;
        const input = document.createElement('input');
        input.type = 'radio';
        input.name = `conflict-${n}`;
        input.id = id;
        input.value = value;
        input.checked = value === 'mine';
        const l = document.createElement('label');
        l.htmlFor = id;
        l.setAttribute('data-choice', value);
        l.textContent = ` ${tr(value)} `;
        choice.append(input, l);
      }
      row.append(cell(c.path), cell(c.mine), cell(c.theirs), choice);
      rows.append(row);
    });
    $('conflict-table').hidden = !conflicts.length;
    $('conflict').hidden = false;
    status(conflicts.length ? tr('choose')(conflicts.length) : tr('no_clash'), true);
  }

  async function merge() {
    if (!pending) return;
    const merged = JSON.parse(JSON.stringify(pending.theirs));
    const mineKeys = leafKeys(pending.mine, '', [], new Map());
    const choice = new Map();
    pending.conflicts.forEach((c, n) => {
      const picked = document.querySelector(`input[name="conflict-${n}"]:checked`);
      choice.set(c.path, picked ? picked.value : 'mine');
    });
    const nul = JSON.stringify(null);
    // Every field you changed goes onto theirs, unless you chose theirs for it.
    const paths = new Set([...pending.my.keys(), ...pending.base.keys()]);
    for (const p of paths) {
      const b = pending.base.has(p) ? pending.base.get(p) : nul;
      const m = pending.my.has(p) ? pending.my.get(p) : nul;
      if (m === b || choice.get(p) === 'theirs') continue;
      const keys = mineKeys.get(p) || splitPath(p, merged);
      setPath(merged, keys, m);
    }
    opened.base = pending.theirs;
    opened.etag = pending.etag;
    keep();
    window.SpurApp.setDocument(merged);
    pending = null;
    await saveToStore();
  }

  async function startStore() {
    let me;
    try { me = await fetch('/v1/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } }); } catch (e) { return; }
    if (!me.ok) return; // not signed in, or no store: the form works on its own
    $('store').hidden = false;
    load();
    translate();
    // The page's language may change (the switch, or the remembered choice at start).
    new MutationObserver(translate).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    $('store-refresh').addEventListener('click', list);
    $('store-save').addEventListener('click', saveToStore);
    $('conflict-merge').addEventListener('click', merge);
    await list();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startStore);
  else startStore();
})();
