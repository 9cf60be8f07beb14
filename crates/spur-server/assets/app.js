// SPUR inspection form. Plain JavaScript, no framework, no build step, no CDN.
//
// The page's model is the inspection document in its JSON form (the same model as TOML, see
// GET /v1/schema/inspection). Every change is saved in localStorage and, debounced, POSTed to
// /v1/grade; the grades and their reasons are shown per area and regulation.
// Import: the file (TOML or JSON) is POSTed to /v1/convert?to=json, which validates it and
// returns the JSON model. Export TOML: the model is POSTed to /v1/convert?to=toml. Export JSON
// is done in the page (it works even while the document still has errors).
// All text from the catalog, the server or the user is inserted with textContent, never as HTML.
'use strict';

(function () {
  const STORE_DOC = 'spur-form.document.v1';
  const STORE_LANG = 'spur-form.lang';
  const STATUSES = ['', 'met', 'partially_met', 'not_met', 'not_applicable'];

  const T = {
    sv: {
      skip: 'Hoppa till kriterierna', title: 'SPUR-inspektion',
      subtitle: 'Bedömningsformulär för extern granskning av ST-utbildning', language: 'Språk',
      inspection: 'Inspektion', unit: 'Enhet', region: 'Region', specialty: 'Specialitet',
      visit_date: 'Besöksdatum', inspectors: 'Inspektörer (kommaseparerade)',
      regulations: 'Föreskrifter som ST-läkarna följer', file: 'Fil', new: 'Ny inspektion',
      import: 'Importera TOML/JSON…', export_toml: 'Exportera TOML', export_json: 'Exportera JSON',
      report: 'Rapport', plan: 'Handlingsplan (mall)', problems: 'Problem i dokumentet',
      overview: 'Graderingar', area: 'Område',
      footer: 'Arbetet sparas automatiskt i webbläsaren. Exportera för att spara en fil.',
      confirm_new: 'Börja om med en tom inspektion? Det som inte exporterats försvinner.',
      st_: 'Ej bedömd', st_met: 'Uppfyllt', st_partially_met: 'Delvis uppfyllt', st_not_met: 'Ej uppfyllt',
      st_not_applicable: 'Ej tillämpligt', st_not_assessed: 'Ej bedömd',
      'k_föreskrift': 'föreskrift', 'k_allmänt råd': 'allmänt råd', k_kvalitetsindikator: 'kvalitetsindikator',
      'k_not applicable': 'ej tillämplig',
      status: 'Status', note: 'Anteckning', split: 'Olika per föreskrift', scale: 'skala',
      criteria: 'Kriterier', not_graded: 'ej bedömd', provisional: 'preliminär', adjusted: 'justerad från',
      overridden: 'satt av inspektören, beräknad', grading: 'Graderar…', graded: 'Graderat',
      saved: 'Sparat i webbläsaren', warnings: 'varningar (t.ex. ej bedömda kriterier)',
      plan_required: 'Handlingsplan krävs (något område har D).', plan_not_required: 'Ingen handlingsplan krävs.',
      imported: 'Importerade', import_failed: 'Kunde inte importera', export_failed: 'Kunde inte exportera',
      downloaded: 'Hämtade', download_failed: 'Kunde inte skapa', server_down: 'Servern svarar inte',
      unit_missing: 'Enhetens namn saknas – fyll i det innan export.', line: 'rad',
      no_regs: 'Välj minst en föreskrift.', reasons: 'Skäl'
    },
    en: {
      skip: 'Skip to the criteria', title: 'SPUR inspection',
      subtitle: 'Assessment form for the external review of ST training', language: 'Language',
      inspection: 'Inspection', unit: 'Unit', region: 'Region', specialty: 'Specialty',
      visit_date: 'Visit date', inspectors: 'Inspectors (comma-separated)',
      regulations: 'Regulations the ST doctors train under', file: 'File', new: 'New inspection',
      import: 'Import TOML/JSON…', export_toml: 'Export TOML', export_json: 'Export JSON',
      report: 'Report', plan: 'Handlingsplan (template)', problems: 'Problems in the document',
      overview: 'Grades', area: 'Area',
      footer: 'Your work is saved in the browser automatically. Export to keep a file.',
      confirm_new: 'Start over with an empty inspection? Anything not exported is lost.',
      st_: 'Not assessed', st_met: 'Met', st_partially_met: 'Partially met', st_not_met: 'Not met',
      st_not_applicable: 'Not applicable', st_not_assessed: 'Not assessed',
      'k_föreskrift': 'föreskrift (binding)', 'k_allmänt råd': 'allmänt råd (advice)',
      k_kvalitetsindikator: 'quality indicator', 'k_not applicable': 'not applicable',
      status: 'Status', note: 'Note', split: 'Differs per regulation', scale: 'scale',
      criteria: 'Criteria', not_graded: 'not graded', provisional: 'provisional', adjusted: 'adjusted from',
      overridden: 'set by the inspector, computed', grading: 'Grading…', graded: 'Graded',
      saved: 'Saved in the browser', warnings: 'warnings (e.g. unassessed criteria)',
      plan_required: 'A handlingsplan is required (some area is D).', plan_not_required: 'No handlingsplan is required.',
      imported: 'Imported', import_failed: 'Could not import', export_failed: 'Could not export',
      downloaded: 'Downloaded', download_failed: 'Could not create', server_down: 'The server does not answer',
      unit_missing: 'The unit name is missing – fill it in before exporting.', line: 'line',
      no_regs: 'Choose at least one regulation.', reasons: 'Reasons'
    }
  };

  let lang = 'sv';
  let catalog = null;
  let doc = null;
  let grading = null;
  let gradeTimer = null;
  let gradeSeq = 0;

  const $ = (id) => document.getElementById(id);
  const t = (key) => (T[lang] && T[lang][key] !== undefined ? T[lang][key] : (T.sv[key] !== undefined ? T.sv[key] : key));

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

  const domId = (criterionId) => criterionId.replace(/\./g, '-');
  const today = () => new Date().toISOString().slice(0, 10);

  function blankDocument() {
    return {
      inspection: {
        unit: '',
        visit_date: today(),
        regulations: catalog.regulations.map((r) => r.designation)
      },
      findings: {}
    };
  }

  function regulations() { return (doc.inspection.regulations || []).slice(); }

  function kindOf(criterion, regulation) {
    return (criterion.kind && criterion.kind[regulation]) || 'not applicable';
  }

  function appliesUnder(criterion, regs) {
    return regs.some((r) => kindOf(criterion, r) !== 'not applicable');
  }

  function criteriaById() {
    const map = new Map();
    for (const a of catalog.areas) for (const c of a.criteria) map.set(c.id, c);
    return map;
  }

  // The document to send: findings only for criteria that apply under the chosen
  // regulations, per-regulation statuses only for chosen regulations, empty fields dropped.
  // The page's model keeps everything, so toggling a regulation off and on loses nothing.
  function buildDocument() {
    const out = JSON.parse(JSON.stringify(doc));
    const regs = regulations();
    const byId = criteriaById();
    const ins = out.inspection;
    for (const k of ['region', 'specialty']) {
      if (typeof ins[k] === 'string' && ins[k].trim() === '') delete ins[k];
    }
    if (Array.isArray(ins.inspectors) && ins.inspectors.length === 0) delete ins.inspectors;
    const findings = {};
    for (const [id, f] of Object.entries(out.findings || {})) {
      const c = byId.get(id);
      if (!c) { findings[id] = f; continue; } // unknown: let the server report it
      if (!appliesUnder(c, regs)) continue;
      const g = Object.assign({}, f);
      if (g.status && typeof g.status === 'object') {
        const per = {};
        for (const r of regs) {
          if (g.status[r] && kindOf(c, r) !== 'not applicable') per[r] = g.status[r];
        }
        if (Object.keys(per).length === 0) g.status = 'not_assessed';
        else g.status = per;
      }
      if (typeof g.note === 'string' && g.note.trim() === '') delete g.note;
      if (!g.status) g.status = 'not_assessed';
      if (g.status === 'not_assessed' && !g.note) continue;
      findings[id] = g;
    }
    out.findings = findings;
    return out;
  }

  function save() {
    try {
      localStorage.setItem(STORE_DOC, JSON.stringify(doc));
    } catch (e) { /* storage full or disabled: the export buttons still work */ }
  }

  function setStatus(text, isProblem) {
    const s = $('status');
    s.textContent = text;
    s.className = isProblem ? 'problem' : '';
  }

  function showProblems(problems) {
    const box = $('problems');
    const list = $('problem-list');
    list.replaceChildren();
    const errors = (problems && problems.errors) || [];
    if (problems && problems.message && errors.length === 0) {
      list.append(el('li', {}, problems.message));
    }
    for (const d of errors) {
      const where = d.location && d.location.line > 0 ? ` (${t('line')} ${d.location.line}:${d.location.column})` : '';
      const path = d.path ? `${d.path}: ` : '';
      list.append(el('li', {}, `${path}${d.message}${where}`, d.hint ? el('span', { class: 'hint' }, d.hint) : null));
    }
    box.hidden = list.childElementCount === 0;
  }

  async function post(path, body, contentType) {
    return fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': contentType || 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body)
    });
  }

  async function problemsOf(response) {
    try { return await response.json(); } catch (e) { return { message: `HTTP ${response.status}`, errors: [] }; }
  }

  // ---- Grading ---------------------------------------------------------------------------

  function scheduleGrade() {
    clearTimeout(gradeTimer);
    gradeTimer = setTimeout(grade, 250);
  }

  async function grade() {
    const seq = ++gradeSeq;
    const body = buildDocument();
    if (!body.inspection.unit || !body.inspection.unit.trim()) body.inspection.unit = '–';
    if (body.inspection.regulations.length === 0) {
      setStatus(t('no_regs'), true);
      return;
    }
    setStatus(t('grading'));
    let response;
    try {
      response = await post('/v1/grade', body);
    } catch (e) {
      if (seq === gradeSeq) setStatus(`${t('server_down')}: ${e.message}`, true);
      return;
    }
    if (seq !== gradeSeq) return; // a newer request is on its way
    if (response.ok) {
      grading = await response.json();
      showProblems(null);
      const warnings = Number(response.headers.get('x-spur-warnings') || 0);
      const time = new Date().toLocaleTimeString(lang === 'sv' ? 'sv-SE' : 'en-GB');
      setStatus(`${t('graded')} ${time}. ${t('saved')}.` + (warnings ? ` ${warnings} ${t('warnings')}.` : ''));
    } else {
      grading = null;
      showProblems(await problemsOf(response));
      setStatus(`HTTP ${response.status}`, true);
    }
    renderGrades();
  }

  function gradeText(r) {
    if (!r.final) return { letter: '–', extra: t('not_graded') };
    if (r.range) return { letter: `${r.range[0]}–${r.range[1]}`, extra: t('provisional') };
    if (r.adjusted && r.computed) return { letter: r.final, extra: `${t('adjusted')} ${r.computed}` };
    if (r.overridden && r.computed && r.computed !== r.final) return { letter: r.final, extra: `${t('overridden')} ${r.computed}` };
    return { letter: r.final, extra: '' };
  }

  function gradeBadge(area, r, withRegulation) {
    const g = gradeText(r);
    return el('span', {
      class: 'grade', 'data-area': area, 'data-regulation': r.regulation,
      'data-final': r.final || '', 'data-provisional': String(!!r.provisional)
    },
    withRegulation ? el('span', { class: 'reg' }, r.regulation) : null,
    el('span', { class: 'letter' }, g.letter),
    g.extra ? el('span', { class: 'extra' }, g.extra) : null);
  }

  function renderGrades() {
    const overview = $('overview');
    overview.replaceChildren();
    const planLine = $('plan-required');
    planLine.textContent = '';
    for (const a of catalog.areas) {
      const box = document.querySelector(`#area-${a.id} .area-grades`);
      if (box) box.replaceChildren();
    }
    if (!grading) return;
    const regs = grading.regulations;
    const head = el('tr', {}, el('th', { scope: 'col' }, t('area')), regs.map((r) => el('th', { scope: 'col' }, r)));
    const rows = grading.areas.map((ag) => {
      const area = catalog.areas.find((a) => a.id === ag.area);
      const title = area ? (lang === 'en' ? area.en : area.sv) : '';
      return el('tr', {},
        el('th', { scope: 'row' }, el('a', { href: `#area-${ag.area}` }, `${ag.area}. ${title}`)),
        ag.results.map((r) => el('td', {}, gradeBadge(ag.area, r, false))));
    });
    overview.append(el('table', { class: 'overview' }, el('thead', {}, head), el('tbody', {}, rows)));
    planLine.textContent = grading.handlingsplan_required ? t('plan_required') : t('plan_not_required');

    for (const ag of grading.areas) {
      const box = document.querySelector(`#area-${ag.area} .area-grades`);
      if (!box) continue;
      for (const r of ag.results) {
        const reasons = (r.reasons || []).map((x) => el('li', {}, lang === 'en' ? x.en : x.sv));
        const notes = (r.notes || []).map((x) => el('li', {}, lang === 'en' ? x.en : x.sv));
        box.append(el('div', { class: 'result' },
          el('h3', {}, gradeBadge(ag.area, r, true)),
          r.summary ? el('p', { class: 'summary' }, lang === 'en' ? r.summary.en : r.summary.sv) : null,
          reasons.length || notes.length ? el('ul', { 'aria-label': t('reasons') }, reasons, notes) : null));
      }
    }
  }

  // ---- The form --------------------------------------------------------------------------

  function finding(id) {
    doc.findings = doc.findings || {};
    return doc.findings[id];
  }

  function setFinding(id, status, note) {
    doc.findings = doc.findings || {};
    const f = doc.findings[id] || {};
    if (status !== undefined) f.status = status;
    if (note !== undefined) f.note = note;
    if ((!f.status || f.status === 'not_assessed') && (!f.note || !f.note.trim())) delete doc.findings[id];
    else {
      if (!f.status) f.status = 'not_assessed';
      if (f.note !== undefined && !f.note.trim()) delete f.note;
      doc.findings[id] = f;
    }
    changed();
  }

  function changed() {
    save();
    scheduleGrade();
  }

  function statusSelect(selectId, value, label, onChange, criterionId, regulation) {
    const sel = el('select', { id: selectId, 'data-criterion': criterionId, 'data-regulation': regulation || null });
    for (const s of STATUSES) {
      const opt = el('option', { value: s }, t(`st_${s}`));
      if ((value || '') === s || (s === '' && value === 'not_assessed')) opt.selected = true;
      sel.append(opt);
    }
    sel.addEventListener('change', () => onChange(sel.value));
    return el('div', { class: 'row' }, el('label', { for: selectId }, label), sel);
  }

  function criterionRow(c) {
    const regs = regulations().filter((r) => kindOf(c, r) !== 'not applicable');
    const did = domId(c.id);
    const f = finding(c.id);
    const text = lang === 'en' ? c.en : c.sv;
    const kinds = regulations().map((r) => {
      const reg = catalog.regulations.find((x) => x.designation === r);
      const k = kindOf(c, r);
      return el('span', { class: `kind kind-${k.replace(/ /g, '-')}` }, `${reg ? reg.short : r}: ${t('k_' + k)}`);
    });
    const kindLine = el('div', { class: 'kinds' });
    kinds.forEach((k, i) => { if (i) kindLine.append(' · '); kindLine.append(k); });

    const controls = el('div', { class: 'controls' });
    const perRegulation = f && f.status && typeof f.status === 'object';
    if (perRegulation) {
      for (const r of regs) {
        const reg = catalog.regulations.find((x) => x.designation === r);
        controls.append(statusSelect(`s-${did}-${reg ? reg.short : r}`, f.status[r], reg ? reg.short : r, (v) => {
          const cur = Object.assign({}, (finding(c.id) || {}).status || {});
          if (v) cur[r] = v; else delete cur[r];
          setFinding(c.id, Object.keys(cur).length ? cur : 'not_assessed');
        }, c.id, r));
      }
    } else {
      controls.append(statusSelect(`s-${did}`, f && f.status, t('status'), (v) => setFinding(c.id, v || 'not_assessed'), c.id));
    }
    if (regs.length > 1) {
      const box = el('input', { type: 'checkbox', id: `p-${did}` });
      box.checked = !!perRegulation;
      box.addEventListener('change', () => {
        const cur = finding(c.id);
        if (box.checked) {
          const v = cur && typeof cur.status === 'string' ? cur.status : 'not_assessed';
          const per = {};
          if (v !== 'not_assessed') for (const r of regs) per[r] = v;
          doc.findings[c.id] = Object.assign({}, cur || {}, { status: per });
        } else if (cur) {
          const values = Object.values(cur.status || {});
          cur.status = values.length ? values[0] : 'not_assessed';
        }
        setFinding(c.id, (finding(c.id) || {}).status || 'not_assessed');
        rerenderCriterion(c, `p-${did}`);
      });
      controls.append(el('div', { class: 'row split' }, box, el('label', { for: `p-${did}`, class: 'split' }, t('split'))));
    }
    const note = el('input', { type: 'text', id: `n-${did}`, 'data-note': c.id });
    note.value = (f && f.note) || '';
    note.addEventListener('input', () => setFinding(c.id, undefined, note.value));

    return el('div', { class: 'criterion', id: `c-${did}` },
      el('div', {},
        el('label', { for: perRegulation ? null : `s-${did}`, class: 'text' }, el('span', { class: 'cid' }, c.id), text),
        kindLine),
      controls,
      el('div', { class: 'note' }, el('label', { for: `n-${did}` }, t('note')), note));
  }

  function rerenderCriterion(c, focusId) {
    const old = $(`c-${domId(c.id)}`);
    if (!old) return;
    old.replaceWith(criterionRow(c));
    if (focusId && $(focusId)) $(focusId).focus();
  }

  function renderAreas() {
    const root = $('areas');
    root.replaceChildren();
    const regs = regulations();
    for (const a of catalog.areas) {
      const criteria = a.criteria.filter((c) => appliesUnder(c, regs));
      const title = `${a.id}. ${lang === 'en' ? a.en : a.sv}`;
      const section = el('section', { class: 'area', id: `area-${a.id}`, 'aria-labelledby': `h-${a.id}` },
        el('div', { class: 'area-head' },
          el('h2', { id: `h-${a.id}` }, title),
          el('span', { class: 'kinds' }, `${a.group} · ${t('scale')} ${a.scale === 'abd' ? 'A/B/D' : 'A/B/C/D'}`)),
        el('div', { class: 'area-grades', 'aria-live': 'polite' }),
        el('h3', {}, t('criteria')),
        criteria.map(criterionRow));
      root.append(section);
    }
    renderGrades();
  }

  function renderRegulations() {
    const fs = $('regulations');
    for (const old of fs.querySelectorAll('.reg-choice')) old.remove();
    for (const r of catalog.regulations) {
      const id = `reg-${r.short}`;
      const box = el('input', { type: 'checkbox', id, value: r.designation });
      box.checked = regulations().includes(r.designation);
      box.addEventListener('change', () => {
        const chosen = catalog.regulations
          .map((x) => x.designation)
          .filter((d) => (d === r.designation ? box.checked : regulations().includes(d)));
        doc.inspection.regulations = chosen;
        renderAreas();
        changed();
      });
      fs.append(el('span', { class: 'reg-choice' }, box, ' ', el('label', { for: id }, `${r.designation} – ${r.title}`)));
    }
  }

  function renderMeta() {
    const ins = doc.inspection;
    $('unit').value = ins.unit || '';
    $('region').value = ins.region || '';
    $('specialty').value = ins.specialty || '';
    $('visit_date').value = ins.visit_date || '';
    $('inspectors').value = (ins.inspectors || []).join(', ');
    renderRegulations();
  }

  function renderStatic() {
    document.documentElement.lang = lang;
    document.title = t('title');
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.getAttribute('data-i18n'));
    $('lang').value = lang;
  }

  function renderAll() {
    renderStatic();
    renderMeta();
    renderAreas();
  }

  function bindMeta() {
    const text = (id, apply) => $(id).addEventListener('input', () => { apply($(id).value); changed(); });
    text('unit', (v) => { doc.inspection.unit = v; });
    text('region', (v) => { doc.inspection.region = v; });
    text('specialty', (v) => { doc.inspection.specialty = v; });
    text('inspectors', (v) => { doc.inspection.inspectors = v.split(',').map((s) => s.trim()).filter(Boolean); });
    $('visit_date').addEventListener('change', () => { doc.inspection.visit_date = $('visit_date').value; changed(); });
    $('lang').addEventListener('change', () => {
      lang = $('lang').value === 'en' ? 'en' : 'sv';
      try { localStorage.setItem(STORE_LANG, lang); } catch (e) { /* ignore */ }
      renderAll();
    });
  }

  // ---- Files -----------------------------------------------------------------------------

  function slug() {
    const u = (doc.inspection.unit || 'inspektion').toLowerCase().normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    return u || 'inspektion';
  }

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function exportJson() {
    const text = JSON.stringify(buildDocument(), null, 2) + '\n';
    download(new Blob([text], { type: 'application/json' }), `${slug()}.json`);
    setStatus(`${t('downloaded')} ${slug()}.json`);
  }

  async function exportToml() {
    if (!doc.inspection.unit || !doc.inspection.unit.trim()) {
      setStatus(t('unit_missing'), true);
      return;
    }
    try {
      const response = await post('/v1/convert?to=toml', buildDocument());
      if (!response.ok) {
        showProblems(await problemsOf(response));
        setStatus(`${t('export_failed')} TOML (HTTP ${response.status})`, true);
        return;
      }
      download(await response.blob(), `${slug()}.toml`);
      setStatus(`${t('downloaded')} ${slug()}.toml`);
    } catch (e) {
      setStatus(`${t('server_down')}: ${e.message}`, true);
    }
  }

  async function importFile(file) {
    const text = await file.text();
    const isJson = /\.json$/i.test(file.name) || text.trim().startsWith('{');
    try {
      const response = await post('/v1/convert?to=json', text, isJson ? 'application/json' : 'application/toml');
      if (!response.ok) {
        showProblems(await problemsOf(response));
        setStatus(`${t('import_failed')} ${file.name} (HTTP ${response.status})`, true);
        return;
      }
      doc = await response.json();
      doc.findings = doc.findings || {};
      save();
      showProblems(null);
      renderAll();
      setStatus(`${t('imported')} ${file.name}`);
      grade();
    } catch (e) {
      setStatus(`${t('server_down')}: ${e.message}`, true);
    }
  }

  async function downloadRendered(kind, format) {
    const body = buildDocument();
    if (!body.inspection.unit || !body.inspection.unit.trim()) {
      setStatus(t('unit_missing'), true);
      return;
    }
    const name = kind === 'report' ? `${slug()}-rapport.${format}` : `${slug()}-handlingsplan.${format}`;
    try {
      const response = await post(`/v1/${kind}?format=${encodeURIComponent(format)}&lang=${lang}`, body);
      if (!response.ok) {
        showProblems(await problemsOf(response));
        setStatus(`${t('download_failed')} ${name} (HTTP ${response.status})`, true);
        return;
      }
      download(await response.blob(), name);
      setStatus(`${t('downloaded')} ${name}`);
    } catch (e) {
      setStatus(`${t('server_down')}: ${e.message}`, true);
    }
  }

  function bindFiles() {
    $('new').addEventListener('click', () => {
      if (!window.confirm(t('confirm_new'))) return;
      doc = blankDocument();
      grading = null;
      save();
      showProblems(null);
      renderAll();
      grade();
    });
    $('import').addEventListener('change', () => {
      const f = $('import').files && $('import').files[0];
      if (f) importFile(f).finally(() => { $('import').value = ''; });
    });
    $('export-json').addEventListener('click', exportJson);
    $('export-toml').addEventListener('click', exportToml);
    for (const b of document.querySelectorAll('[data-download]')) {
      b.addEventListener('click', () => downloadRendered(b.getAttribute('data-download'), b.getAttribute('data-format')));
    }
  }

  // ---- Start -----------------------------------------------------------------------------

  async function start() {
    try { lang = localStorage.getItem(STORE_LANG) === 'en' ? 'en' : 'sv'; } catch (e) { lang = 'sv'; }
    renderStatic();
    try {
      const response = await fetch('/v1/catalog');
      catalog = await response.json();
    } catch (e) {
      setStatus(`${t('server_down')}: ${e.message}`, true);
      return;
    }
    try {
      const stored = JSON.parse(localStorage.getItem(STORE_DOC) || 'null');
      if (stored && stored.inspection && Array.isArray(stored.inspection.regulations)) doc = stored;
    } catch (e) { doc = null; }
    if (!doc) doc = blankDocument();
    doc.findings = doc.findings || {};
    bindMeta();
    bindFiles();
    renderAll();
    document.body.setAttribute('data-ready', 'true');
    grade();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
