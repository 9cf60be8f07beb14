// Shared by the inspection form (app.js) and the unit's answer page (plan.js): building
// elements (text is always inserted as text, never as HTML), downloads, calling the
// WebAssembly build, and the editor of one handlingsplan entry with its checks.
'use strict';

(function () {
  // Build an element; text children become text nodes (never HTML).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function slug(text, fallback) {
    const u = String(text || '').toLowerCase().normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    return u || fallback;
  }

  // Call a function of the WebAssembly build: it answers text, or throws the JSON of
  // {kind, message, errors, warnings}; that becomes an Error carrying `problems`.
  function call(f) {
    try {
      return f();
    } catch (e) {
      if (typeof e !== 'string') throw e;
      let p;
      try { p = JSON.parse(e); } catch (x) { throw new Error(e); }
      const err = new Error(p.message || 'error');
      err.problems = p;
      throw err;
    }
  }

  const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s || '') && !Number.isNaN(Date.parse(s + 'T00:00:00Z')) &&
    new Date(s + 'T00:00:00Z').toISOString().slice(0, 10) === s;
  const list = (s) => String(s || '').split(',').map((x) => x.trim()).filter(Boolean);

  // A date as a person types it, the same rule as spur's `parse_human_date`: YYYY-MM-DD, the
  // day + the month's name (Swedish or English, full or abbreviated) + the year ("1 mars
  // 2026"), or the Swedish "1/3 2026". Answers YYYY-MM-DD, or null: never a guess (so
  // "1 mars 2026" is never 2026-01-01, and "1/3/2026" is refused as ambiguous).
  const MONTHS = {
    januari: 1, jan: 1, january: 1, februari: 2, feb: 2, february: 2, mars: 3, mar: 3, march: 3,
    april: 4, apr: 4, maj: 5, may: 5, juni: 6, jun: 6, june: 6, juli: 7, jul: 7, july: 7,
    augusti: 8, aug: 8, august: 8, september: 9, sep: 9, sept: 9, oktober: 10, okt: 10,
    october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12
  };
  function parseDate(text) {
    const s = String(text || '').trim();
    if (isDate(s)) return s;
    const iso = (y, m, d) => {
      const v = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      return isDate(v) ? v : null;
    };
    const day = (w) => { const m = /^(\d{1,2})(?:[.:]|:a|:e)?$/.exec(w); return m ? Number(m[1]) : null; };
    const words = s.split(/\s+/);
    if (words.length === 3 && /^\d{4},?$/.test(words[2])) {
      const month = MONTHS[words[1].replace(/[,.]$/, '').toLowerCase()];
      const d = day(words[0]);
      return month && d ? iso(words[2].slice(0, 4), month, d) : null;
    }
    if (words.length === 2 && /^\d{4}$/.test(words[1])) {
      const m = /^(\d{1,2})\/(\d{1,2})$/.exec(words[0]);
      return m ? iso(words[1], Number(m[2]), Number(m[1])) : null;
    }
    return null;
  }

  // A date field that does not follow the browser's locale: text, shown and stored as
  // YYYY-MM-DD. What is typed is read with parseDate when the field is left; a date it cannot
  // read is kept as typed (validation then refuses it, located) and marked invalid.
  function dateInput(attrs, value, onChange) {
    const c = el('input', Object.assign({
      type: 'text', inputmode: 'numeric', autocomplete: 'off', placeholder: 'ÅÅÅÅ-MM-DD',
      pattern: '\\d{4}-\\d{2}-\\d{2}', spellcheck: 'false'
    }, attrs || {}));
    c.value = value || '';
    wireDate(c, onChange);
    return c;
  }
  function wireDate(c, onChange) {
    const apply = (final) => {
      const raw = c.value.trim();
      const parsed = raw === '' ? '' : parseDate(raw);
      if (parsed !== null && final && parsed !== raw) c.value = parsed;
      if (parsed === null) c.setAttribute('aria-invalid', 'true'); else c.removeAttribute('aria-invalid');
      onChange(parsed === null ? raw : parsed);
    };
    c.addEventListener('input', () => apply(false));
    c.addEventListener('change', () => apply(true));
    return c;
  }

  const FIELD_TEXT = {
    sv: {
      action: 'Planerad åtgärd', due: 'Datum när åtgärden ska vara genomförd',
      responsible: 'Ansvarig för genomförandet (kommaseparerade)', follow_up: 'Datum för uppföljning',
      follow_up_responsible: 'Ansvarig för uppföljningen (kommaseparerade)', status: 'Status', completed: 'Genomförd (datum)',
      note: 'Kommentar', ps_: '–', ps_planned: 'Planerad', ps_in_progress: 'Pågår', ps_done: 'Genomförd',
      ps_verified_effective: 'Uppföljd, effektiv', ps_not_effective: 'Uppföljd, ej effektiv',
      need_action: 'Beskriv den planerade åtgärden.', need_due: 'Ange när åtgärden ska vara genomförd.',
      bad_date: 'Skriv datumet som ÅÅÅÅ-MM-DD.', due_before_visit: 'Datumet ligger före besöket',
      need_responsible: 'Ange minst en ansvarig för genomförandet.', need_follow_up: 'Ange datum för uppföljning.',
      follow_up_before_due: 'Uppföljningen ligger före åtgärdsdatumet', need_follow_up_responsible: 'Ange minst en ansvarig för uppföljningen.',
      complete: 'Komplett', incomplete: 'Ofullständig'
    },
    en: {
      action: 'Planned action', due: 'Date the action is to be completed',
      responsible: 'Responsible for carrying it out (comma-separated)', follow_up: 'Follow-up date',
      follow_up_responsible: 'Responsible for the follow-up (comma-separated)', status: 'Status', completed: 'Completed (date)',
      note: 'Comment', ps_: '–', ps_planned: 'Planned', ps_in_progress: 'In progress', ps_done: 'Done',
      ps_verified_effective: 'Followed up, effective', ps_not_effective: 'Followed up, not effective',
      need_action: 'Describe the planned action.', need_due: 'Give the date the action is to be completed.',
      bad_date: 'Write the date as YYYY-MM-DD.', due_before_visit: 'The date is before the visit',
      need_responsible: 'Name at least one person responsible.', need_follow_up: 'Give the follow-up date.',
      follow_up_before_due: 'The follow-up is before the due date', need_follow_up_responsible: 'Name at least one person responsible for the follow-up.',
      complete: 'Complete', incomplete: 'Incomplete'
    }
  };
  const PLAN_STATUSES = ['', 'planned', 'in_progress', 'done', 'verified_effective', 'not_effective'];

  // The problems of one entry's five fields: {field: message}. `visit` is YYYY-MM-DD or ''.
  function entryProblems(entry, visit, lang) {
    const t = FIELD_TEXT[lang] || FIELD_TEXT.sv;
    const p = {};
    if (!String(entry.action || '').trim()) p.action = t.need_action;
    if (!entry.due) p.due = t.need_due;
    else if (!isDate(entry.due)) p.due = t.bad_date;
    else if (visit && entry.due < visit) p.due = `${t.due_before_visit} (${visit}).`;
    if (!(entry.responsible || []).length) p.responsible = t.need_responsible;
    if (!entry.follow_up) p.follow_up = t.need_follow_up;
    else if (!isDate(entry.follow_up)) p.follow_up = t.bad_date;
    else if (entry.due && isDate(entry.due) && entry.follow_up < entry.due) p.follow_up = `${t.follow_up_before_due} (${entry.due}).`;
    if (!(entry.follow_up_responsible || []).length) p.follow_up_responsible = t.need_follow_up_responsible;
    if (entry.completed && !isDate(entry.completed)) p.completed = t.bad_date;
    return p;
  }

  // The editor of one plan entry: the five fields, status, completed date and a comment, each
  // labelled, with its problem shown beside it as the user types. `onChange(entry)` gets the
  // edited entry (empty fields dropped). `prefix` makes the ids unique (e.g. `pe-D-F6`).
  function entryEditor(entry, prefix, opts) {
    const lang = opts.lang;
    const t = FIELD_TEXT[lang] || FIELD_TEXT.sv;
    const cur = Object.assign({ responsible: [], follow_up_responsible: [] }, entry);
    const box = el('div', { class: 'entry-fields' });
    const messages = {};
    const state = el('p', { class: 'entry-state', 'aria-live': 'polite' });

    function refresh() {
      const problems = entryProblems(cur, opts.visit(), lang);
      for (const [k, m] of Object.entries(messages)) {
        m.textContent = problems[k] || '';
        const input = document.getElementById(`${prefix}-${k}`);
        if (input) input.setAttribute('aria-invalid', problems[k] ? 'true' : 'false');
      }
      const complete = ['action', 'due', 'responsible', 'follow_up', 'follow_up_responsible'].every((k) => !problems[k]);
      state.textContent = complete ? t.complete : t.incomplete;
      state.className = `entry-state ${complete ? 'ok' : 'todo'}`;
    }

    function clean() {
      const out = { criterion: cur.criterion };
      for (const k of ['action', 'due', 'responsible', 'follow_up', 'follow_up_responsible', 'status', 'completed', 'note']) {
        const v = cur[k];
        if (Array.isArray(v)) out[k] = v;
        else if (v !== undefined && v !== null && String(v).trim() !== '') out[k] = v;
      }
      return out;
    }

    function field(key, control) {
      const id = `${prefix}-${key}`;
      control.id = id;
      const msg = el('span', { class: 'field-problem', id: `${id}-problem` });
      control.setAttribute('aria-describedby', `${id}-problem`);
      messages[key] = msg;
      return el('div', { class: `field f-${key}` }, el('label', { for: id }, t[key]), control, msg);
    }

    function text(key, multiline) {
      const c = el(multiline ? 'textarea' : 'input', multiline ? { rows: 2 } : { type: 'text', autocomplete: 'off' });
      c.value = Array.isArray(cur[key]) ? cur[key].join(', ') : (cur[key] || '');
      c.addEventListener('input', () => {
        cur[key] = key.endsWith('responsible') ? list(c.value) : c.value;
        refresh();
        opts.onChange(clean());
      });
      return field(key, c);
    }

    function date(key) {
      const c = dateInput({}, cur[key], (v) => { cur[key] = v; refresh(); opts.onChange(clean()); });
      return field(key, c);
    }

    const status = el('select', {});
    for (const s of PLAN_STATUSES) {
      const o = el('option', { value: s }, t[`ps_${s}`]);
      if ((cur.status || '') === s) o.selected = true;
      status.append(o);
    }
    status.addEventListener('change', () => { cur.status = status.value; refresh(); opts.onChange(clean()); });

    box.append(
      text('action', true), date('due'), text('responsible'), date('follow_up'), text('follow_up_responsible'),
      field('status', status), date('completed'), text('note'), state);
    refresh();
    box.refresh = refresh;
    return box;
  }

  // The CSRF token of a browser signed in by the session cookie: the page's
  // <meta name="csrf-token">, else the one `GET /v1/me` gives (null when not signed in by a
  // cookie — bearer tokens need none).
  let csrf;
  async function csrfToken() {
    if (csrf !== undefined) return csrf;
    const meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) { csrf = meta.content; return csrf; }
    try {
      const r = await fetch('/v1/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      csrf = r.ok ? ((await r.json()).csrf_token || null) : null;
    } catch (e) {
      csrf = null;
    }
    return csrf;
  }

  // fetch() for the store's routes with the session cookie: same-origin credentials, and the
  // X-CSRF-Token header on every request that changes state.
  async function api(url, opts) {
    const o = Object.assign({ credentials: 'same-origin' }, opts || {});
    const method = (o.method || 'GET').toUpperCase();
    const headers = new Headers(o.headers || {});
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && !headers.has('X-CSRF-Token')) {
      const t = await csrfToken();
      if (t) headers.set('X-CSRF-Token', t);
    }
    o.headers = headers;
    return fetch(url, o);
  }

  // Who is signed in, on every page of a browser signed in by the session cookie (the form,
  // the answer page): name, role, scope and a sign-out button, above the page. Pages that
  // render their own bar (#signed-in, the start page) and pages without a session (bearer
  // tokens, a stateless server, the offline form) get none.
  const ROLES = {
    sv: { admin: 'administratör (LIPUS)', coordinator: 'SPUR-samordnare', inspector: 'inspektör', unit: 'enhet', region: 'region' },
    en: { admin: 'administrator (LIPUS)', coordinator: 'SPUR coordinator', inspector: 'inspector', unit: 'unit', region: 'region' },
  };
  async function signedInBar() {
    if (!/^https?:$/.test(location.protocol) || document.getElementById('signed-in')) return;
    let me;
    try {
      const r = await fetch('/v1/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!r.ok) return;
      me = await r.json();
    } catch (e) {
      return;
    }
    if (!me.csrf_token || document.getElementById('signed-in')) return;
    csrf = me.csrf_token;
    const en = (document.documentElement.lang || 'sv').startsWith('en');
    const scope = me.scope && me.scope.value ? me.scope.value : (en ? 'everything' : 'alla');
    const out = el('button', { type: 'button', id: 'sign-out' }, en ? 'Sign out' : 'Logga ut');
    out.addEventListener('click', async () => {
      await api('/sign-out', { method: 'POST' });
      location.href = en ? '/sign-in?lang=en' : '/sign-in';
    });
    const bar = el('header', { class: 'signed-in', id: 'signed-in' },
      el('p', {},
        el('span', { class: 'who' }, (en ? 'Signed in: ' : 'Inloggad: '), el('strong', { id: 'who-name' }, me.subject)),
        ' ', el('span', { class: 'role', id: 'who-role', 'data-role': me.role }, (ROLES[en ? 'en' : 'sv'][me.role] || me.role)),
        ' ', el('span', { class: 'scope', id: 'who-scope' }, scope),
        ' ', el('a', { href: en ? '/start?lang=en' : '/start' }, en ? 'Start page' : 'Startsida')),
      out);
    const skip = document.querySelector('body > a.skip');
    if (skip) skip.after(bar);
    else document.body.prepend(bar);
  }
  if (typeof location !== 'undefined' && typeof document !== 'undefined' && document.addEventListener) {
    const run = () => { signedInBar().catch(() => {}); };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
    else run();
  }

  window.Spur = { el, download, slug, call, isDate, parseDate, dateInput, wireDate, list, entryProblems, entryEditor, PLAN_STATUSES, api, csrfToken };
})();
