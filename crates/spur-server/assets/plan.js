// The unit's answer page (`GET /handlingsplan`). Plain JavaScript, no framework, no build step.
//
// The unit opens what the inspectors sent — the handlingsplan template as TOML (`spur
// handlingsplan --format toml`) or JSON, or the inspection document itself — and sees each
// required and recommended item with its finding. It fills the five fields of each (checked as
// it types: due on or after the visit, follow-up on or after due, someone responsible) and
// exports its answer as TOML or JSON (read back by `spur handlingsplan import` and
// `POST /v1/handlingsplan/import`), or DOCX and PDF through the server when the inspection was opened.
// Everything is kept in localStorage. User text is only ever inserted as text.
'use strict';

(function () {
  const { el, download, slug, call } = window.Spur;
  const STORE = 'spur-answer.v1';
  const STORE_LANG = 'spur-form.lang';

  const T = {
    sv: {
      skip: 'Hoppa till punkterna', title: 'Handlingsplan – enhetens svar',
      subtitle: 'Fyll i handlingsplanen som inspektörerna skickade och exportera svaret', language: 'Språk',
      file: 'Fil', intro: 'Öppna filen du fick från inspektörerna: handlingsplanens mall (TOML eller JSON) eller inspektionsdokumentet.',
      open: 'Öppna mall eller inspektion…', export_toml: 'Exportera svaret (TOML)', export_json: 'Exportera svaret (JSON)',
      export_docx: 'Exportera DOCX', export_pdf: 'Exportera PDF', clear: 'Töm', problems: 'Problem', unit_h: 'Enhet', items: 'Punkter att besvara',
      footer: 'Svaret sparas automatiskt i webbläsaren. Exportera för att skicka det till inspektörerna.',
      unit: 'Enhet', visit_date: 'Besöksdatum', regulations: 'Föreskrifter', nothing: 'Öppna en fil för att börja.',
      required: 'Krav (brist mot föreskrift)', recommended: 'Rekommendationer (brist mot allmänt råd)',
      rel_required: 'krav', rel_recommended: 'rekommendation', finding: 'Iakttagelse',
      progress: (done, all, req, reqAll) => `${done} av ${all} punkter kompletta (krav: ${req} av ${reqAll}).`,
      opened: 'Öppnade', open_failed: 'Kunde inte öppna', downloaded: 'Hämtade', no_items: 'Filen har inga punkter att besvara.',
      docx_needs_inspection: 'DOCX och PDF kan bara skapas när inspektionsdokumentet öppnats (mallen saknar resten av inspektionen).',
      docx_failed: 'Kunde inte skapa filen', confirm_clear: 'Töm sidan? Det som inte exporterats försvinner.',
      engine_failed: 'Kunde inte starta beräkningen (WebAssembly)', not_template: 'Filen är varken en handlingsplansmall eller ett inspektionsdokument.'
    },
    en: {
      skip: 'Skip to the items', title: "Handlingsplan – the unit's answer",
      subtitle: 'Fill in the action plan the inspectors sent and export the answer', language: 'Language',
      file: 'File', intro: 'Open the file the inspectors sent: the handlingsplan template (TOML or JSON) or the inspection document.',
      open: 'Open template or inspection…', export_toml: 'Export the answer (TOML)', export_json: 'Export the answer (JSON)',
      export_docx: 'Export DOCX', export_pdf: 'Export PDF', clear: 'Clear', problems: 'Problems', unit_h: 'Unit', items: 'Items to answer',
      footer: 'The answer is kept in the browser automatically. Export it to send it to the inspectors.',
      unit: 'Unit', visit_date: 'Visit date', regulations: 'Regulations', nothing: 'Open a file to start.',
      required: 'Required (brist against a föreskrift)', recommended: 'Recommended (brist against an allmänt råd)',
      rel_required: 'required', rel_recommended: 'recommended', finding: 'Finding',
      progress: (done, all, req, reqAll) => `${done} of ${all} items complete (required: ${req} of ${reqAll}).`,
      opened: 'Opened', open_failed: 'Could not open', downloaded: 'Downloaded', no_items: 'The file has no items to answer.',
      docx_needs_inspection: 'DOCX and PDF can only be made when the inspection document was opened (the template lacks the rest of the inspection).',
      docx_failed: 'Could not create the file', confirm_clear: 'Clear the page? Anything not exported is lost.',
      engine_failed: 'Could not start the computation (WebAssembly)', not_template: 'The file is neither a handlingsplan template nor an inspection document.'
    }
  };

  let engine = null;
  let catalog = null;
  let lang = 'sv';
  // {meta: {unit, visit_date, regulations}, items: [{criterion, relevance, note, regulations}],
  //  entries: {criterion: entry}, inspection: the inspection's JSON when it was opened}
  let state = null;

  const $ = (id) => document.getElementById(id);
  const t = (key) => (T[lang] && T[lang][key] !== undefined ? T[lang][key] : T.sv[key]);
  const domId = (c) => c.replace(/\./g, '-');

  function setStatus(text, isProblem) {
    $('status').textContent = text;
    $('status').className = isProblem ? 'problem' : '';
  }

  function showProblems(problems) {
    const list = $('problem-list');
    list.replaceChildren();
    const errors = (problems && problems.errors) || [];
    if (problems && problems.message && !errors.length) list.append(el('li', {}, problems.message));
    for (const d of errors) {
      const where = d.location && d.location.line > 0 ? ` (${d.location.line}:${d.location.column})` : '';
      list.append(el('li', {}, `${d.path ? d.path + ': ' : ''}${d.message}${where}`, d.hint ? el('span', { class: 'hint' }, d.hint) : null));
    }
    $('problems').hidden = list.childElementCount === 0;
  }

  function save() {
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* export still works */ }
  }

  // ---- Reading what the inspectors sent ------------------------------------------------------

  // One TOML value as the template writes it (and a person edits it): a basic or literal string,
  // an array of strings, a date, a boolean or a number; a trailing comment is ignored.
  function tomlValue(text) {
    let i = 0;
    const s = text;
    const ws = () => { while (i < s.length && /\s/.test(s[i])) i++; };
    function str() {
      const q = s[i++];
      let out = '';
      while (i < s.length && s[i] !== q) {
        if (q === '"' && s[i] === '\\') {
          const c = s[i + 1];
          const map = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
          if (map[c] !== undefined) { out += map[c]; i += 2; } else if (c === 'u' || c === 'U') {
            const n = c === 'u' ? 4 : 8;
            out += String.fromCodePoint(parseInt(s.slice(i + 2, i + 2 + n), 16));
            i += 2 + n;
          } else throw new Error(`bad escape \\${c}`);
        } else out += s[i++];
      }
      if (s[i] !== q) throw new Error('unterminated string');
      i++;
      return out;
    }
    function value() {
      ws();
      if (s[i] === '"' || s[i] === "'") return str();
      if (s[i] === '[') {
        i++;
        const arr = [];
        for (;;) {
          ws();
          if (s[i] === ']') { i++; return arr; }
          arr.push(value());
          ws();
          if (s[i] === ',') i++;
          else if (s[i] !== ']') throw new Error('expected , or ]');
        }
      }
      const m = /^[^\s,\]#]+/.exec(s.slice(i));
      if (!m) throw new Error('expected a value');
      i += m[0].length;
      return m[0] === 'true' ? true : m[0] === 'false' ? false : m[0];
    }
    const v = value();
    ws();
    if (i < s.length && s[i] !== '#') throw new Error(`unexpected \`${s.slice(i, i + 10)}\``);
    return v;
  }

  // The handlingsplan template as TOML: the header comments (unit, visit date, regulations),
  // each entry's comments (criterion text, relevance, the inspector's note) and its values.
  function readTemplateToml(text) {
    const meta = { unit: '', visit_date: '', regulations: [] };
    const items = [];
    const entries = {};
    let pending = null; // the item the comments describe
    let current = null; // the entry being read
    let lastComment = null;
    let section = '';
    text.split(/\r?\n/).forEach((raw, n) => {
      const line = raw.trim();
      if (!line) { lastComment = null; return; }
      if (line.startsWith('#')) {
        const c = line.replace(/^#\s?/, '');
        let m;
        if ((m = /^(Enhet|Unit):\s*(.*)$/.exec(c)) && !pending) meta.unit = m[2];
        else if ((m = /^(Besöksdatum|Visit date):\s*(\d{4}-\d{2}-\d{2})/.exec(c))) meta.visit_date = m[2];
        else if ((m = /^(Föreskrifter|Regulations):\s*(.*)$/.exec(c)) && !pending) meta.regulations = m[2].split(',').map((x) => x.trim()).filter(Boolean);
        else if ((m = /^([A-H]\.[FRK]\d+) \((krav|required|rekommendation|recommended)\):/.exec(c))) {
          pending = { criterion: m[1], relevance: /^(krav|required)$/.test(m[2]) ? 'required' : 'recommended', note: '' };
          lastComment = null;
        } else if (pending && (m = /^(Anteckning|Note):\s*(.*)$/.exec(c))) { pending.note = m[2]; lastComment = 'note'; }
        else if (pending && lastComment === 'note' && !/^(Brist|Deficiency)/.test(c)) pending.note += ' ' + c;
        return;
      }
      if (line === '[handlingsplan]') { section = 'plan'; return; }
      if (line === '[[handlingsplan.entries]]') {
        current = {};
        section = 'entry';
        return;
      }
      if (line.startsWith('[')) { section = 'other'; return; }
      const eq = line.indexOf('=');
      if (eq < 0) throw new Error(`line ${n + 1}: expected key = value`);
      const key = line.slice(0, eq).trim().replace(/^"|"$/g, '');
      let v;
      try { v = tomlValue(line.slice(eq + 1)); } catch (e) { throw new Error(`line ${n + 1}: ${e.message}`); }
      if (section === 'entry' && current) {
        current[key] = v;
        if (key === 'criterion') {
          const item = pending && pending.criterion === v ? pending : { criterion: v, relevance: /\.F/.test(v) ? 'required' : 'recommended', note: '' };
          items.push(item);
          entries[v] = current;
          pending = null;
        }
      }
    });
    return { meta, items, entries };
  }

  function cleanEntry(e) {
    const out = { criterion: e.criterion };
    for (const k of ['action', 'due', 'responsible', 'follow_up', 'follow_up_responsible', 'status', 'completed', 'note']) {
      let v = e[k];
      if (k.endsWith('responsible') && typeof v === 'string') v = Spur.list(v);
      if (Array.isArray(v) ? v.length : v !== undefined && v !== null && String(v).trim() !== '') out[k] = v;
    }
    return out;
  }

  function fromInspection(json) {
    const doc = JSON.parse(json);
    const grading = JSON.parse(call(() => engine.grade(json, 'json', '{}')));
    const entries = {};
    for (const e of (doc.handlingsplan && doc.handlingsplan.entries) || []) entries[e.criterion] = cleanEntry(e);
    return {
      meta: { unit: doc.inspection.unit, visit_date: doc.inspection.visit_date, regulations: doc.inspection.regulations },
      items: (grading.plan_items || []).map((i) => ({ criterion: i.criterion, relevance: i.relevance, note: i.note || '', regulations: i.regulations })),
      entries,
      inspection: doc
    };
  }

  function fromPlanJson(v) {
    const hp = v.handlingsplan || v;
    if (!Array.isArray(hp.entries)) throw new Error(t('not_template'));
    const entries = {};
    const items = hp.entries.map((e) => {
      entries[e.criterion] = cleanEntry(e);
      return { criterion: e.criterion, relevance: /\.F/.test(e.criterion) ? 'required' : 'recommended', note: '' };
    });
    const ins = v.inspection || {};
    return { meta: { unit: ins.unit || '', visit_date: ins.visit_date || '', regulations: ins.regulations || [] }, items, entries };
  }

  async function openFile(file) {
    const text = await file.text();
    try {
      const trimmed = text.replace(/^\uFEFF/, '').trim();
      if (trimmed.startsWith('{')) {
        const v = JSON.parse(trimmed);
        state = v.inspection && v.findings !== undefined
          ? fromInspection(call(() => engine.convert(trimmed, 'json', 'json')))
          : fromPlanJson(v);
      } else if (/^\s*\[inspection\]/m.test(trimmed)) {
        state = fromInspection(call(() => engine.convert(trimmed, 'toml', 'json')));
      } else {
        state = readTemplateToml(trimmed);
        if (!state.items.length && !/^\s*\[handlingsplan\]/m.test(trimmed)) throw new Error(t('not_template'));
      }
    } catch (e) {
      showProblems(e.problems || { message: e.message });
      setStatus(`${t('open_failed')} ${file.name}: ${e.message}`, true);
      return;
    }
    state.file = file.name;
    save();
    showProblems(null);
    render();
    setStatus(`${t('opened')} ${file.name}`);
  }

  // ---- The page ------------------------------------------------------------------------------

  function criterionText(id) {
    for (const a of catalog.areas) for (const c of a.criteria) if (c.id === id) return lang === 'en' ? c.en : c.sv;
    return '';
  }

  function progress() {
    if (!state) { $('progress').textContent = ''; return; }
    const visit = state.meta.visit_date || '';
    const complete = (i) => {
      const p = Spur.entryProblems(state.entries[i.criterion] || {}, visit, lang);
      return ['action', 'due', 'responsible', 'follow_up', 'follow_up_responsible'].every((k) => !p[k]);
    };
    const req = state.items.filter((i) => i.relevance === 'required');
    $('progress').textContent = t('progress')(state.items.filter(complete).length, state.items.length, req.filter(complete).length, req.length);
  }

  function render() {
    document.documentElement.lang = lang;
    document.title = t('title');
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.getAttribute('data-i18n'));
    $('lang').value = lang;
    const meta = $('meta');
    meta.replaceChildren();
    const list = $('item-list');
    list.replaceChildren();
    for (const id of ['export-docx', 'export-pdf']) $(id).hidden = !(state && state.inspection);
    if (!state) { list.append(el('p', { class: 'muted' }, t('nothing'))); progress(); return; }
    for (const [k, v] of [['unit', state.meta.unit], ['visit_date', state.meta.visit_date], ['regulations', (state.meta.regulations || []).join(', ')]]) {
      if (v) meta.append(el('dt', {}, t(k)), el('dd', {}, v));
    }
    if (!state.items.length) list.append(el('p', { class: 'muted' }, t('no_items')));
    for (const rel of ['required', 'recommended']) {
      const items = state.items.filter((i) => i.relevance === rel);
      if (!items.length) continue;
      list.append(el('h3', {}, t(rel)));
      for (const item of items) {
        const id = `pe-${domId(item.criterion)}`;
        list.append(el('div', { class: 'plan-item', id },
          el('h4', {}, `${item.criterion} `, criterionText(item.criterion), ' ', el('span', { class: 'relevance' }, `(${t('rel_' + rel)})`)),
          item.note ? el('p', { class: 'finding-note' }, `${t('finding')}: `, item.note) : null,
          Spur.entryEditor(state.entries[item.criterion] || { criterion: item.criterion }, id, {
            lang,
            visit: () => state.meta.visit_date || '',
            onChange: (entry) => { state.entries[item.criterion] = entry; save(); progress(); }
          })));
      }
    }
    progress();
  }

  // ---- Exports -------------------------------------------------------------------------------

  function answerEntries() {
    return state.items.map((i) => cleanEntry(state.entries[i.criterion] || { criterion: i.criterion }));
  }

  const tomlString = (s) => '"' + String(s).replace(/[\\"]/g, (c) => '\\' + c)
    .replace(/[\u0000-\u001f\u007f]/g, (c) => ({ '\n': '\\n', '\t': '\\t', '\r': '\\r' }[c] || '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))) + '"';
  const tomlDate = (d) => (Spur.isDate(d) ? d : tomlString(d));

  function answerToml() {
    const lines = [`# Handlingsplan: ${state.meta.unit || ''}`.replace(/[\r\n]/g, ' ')];
    if (state.meta.visit_date) lines.push(`# Besöksdatum: ${state.meta.visit_date}`);
    lines.push('', '[handlingsplan]');
    for (const e of answerEntries()) {
      lines.push('', '[[handlingsplan.entries]]', `criterion = ${tomlString(e.criterion)}`);
      if (e.action) lines.push(`action = ${tomlString(e.action)}`);
      if (e.due) lines.push(`due = ${tomlDate(e.due)}`);
      lines.push(`responsible = [${(e.responsible || []).map(tomlString).join(', ')}]`);
      if (e.follow_up) lines.push(`follow_up = ${tomlDate(e.follow_up)}`);
      lines.push(`follow_up_responsible = [${(e.follow_up_responsible || []).map(tomlString).join(', ')}]`);
      if (e.status) lines.push(`status = ${tomlString(e.status)}`);
      if (e.completed) lines.push(`completed = ${tomlDate(e.completed)}`);
      if (e.note) lines.push(`note = ${tomlString(e.note)}`);
    }
    return lines.join('\n') + '\n';
  }

  function fileName(ext) { return `${slug(state.meta.unit, 'enheten')}-handlingsplan-svar.${ext}`; }

  function exportToml() {
    if (!state) return;
    download(new Blob([answerToml()], { type: 'application/toml' }), fileName('toml'));
    setStatus(`${t('downloaded')} ${fileName('toml')}`);
  }

  function exportJson() {
    if (!state) return;
    const text = JSON.stringify({ handlingsplan: { entries: answerEntries() } }, null, 2) + '\n';
    download(new Blob([text], { type: 'application/json' }), fileName('json'));
    setStatus(`${t('downloaded')} ${fileName('json')}`);
  }

  // DOCX and PDF are rendered by the server from the whole inspection with the answer merged in.
  async function exportRendered(format) {
    if (!state || !state.inspection) { setStatus(t('docx_needs_inspection'), true); return; }
    const doc = JSON.parse(JSON.stringify(state.inspection));
    const entries = answerEntries().filter((e) => Object.keys(e).length > 1);
    doc.handlingsplan = Object.assign({}, doc.handlingsplan || {}, { entries });
    try {
      const response = await fetch(`/v1/handlingsplan?format=${format}&lang=${lang}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc)
      });
      if (!response.ok) {
        try { showProblems(await response.json()); } catch (e) { showProblems(null); }
        setStatus(`${t('docx_failed')} ${fileName(format)} (HTTP ${response.status})`, true);
        return;
      }
      download(await response.blob(), fileName(format));
      setStatus(`${t('downloaded')} ${fileName(format)}`);
    } catch (e) {
      setStatus(`${t('docx_failed')} ${fileName(format)}: ${e.message}`, true);
    }
  }

  function start(wasm) {
    engine = wasm;
    try { lang = localStorage.getItem(STORE_LANG) === 'en' ? 'en' : 'sv'; } catch (e) { lang = 'sv'; }
    try {
      catalog = JSON.parse(call(() => engine.catalog()));
    } catch (e) {
      fail(e);
      return;
    }
    try { state = JSON.parse(localStorage.getItem(STORE) || 'null'); } catch (e) { state = null; }
    if (state && (!state.meta || !Array.isArray(state.items))) state = null;
    $('open').addEventListener('change', () => {
      const f = $('open').files && $('open').files[0];
      if (f) openFile(f).finally(() => { $('open').value = ''; });
    });
    $('export-toml').addEventListener('click', exportToml);
    $('export-json').addEventListener('click', exportJson);
    $('export-docx').addEventListener('click', () => exportRendered('docx'));
    $('export-pdf').addEventListener('click', () => exportRendered('pdf'));
    $('clear').addEventListener('click', () => {
      if (!window.confirm(t('confirm_clear'))) return;
      state = null;
      try { localStorage.removeItem(STORE); } catch (e) { /* ignore */ }
      render();
    });
    $('lang').addEventListener('change', () => {
      lang = $('lang').value === 'en' ? 'en' : 'sv';
      try { localStorage.setItem(STORE_LANG, lang); } catch (e) { /* ignore */ }
      render();
    });
    render();
    document.body.setAttribute('data-ready', 'true');
  }

  function fail(e) {
    $('status').textContent = `${t('engine_failed')}: ${e && e.message ? e.message : e}`;
    $('status').className = 'problem';
  }

  window.SpurApp = { start, fail };
})();
