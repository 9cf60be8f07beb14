// SPUR inspection form. Plain JavaScript, no framework, no build step, no CDN.
//
// The page's model is the inspection document in its JSON form (the same model as TOML, see
// the inspection schema): header, regulations, report text (Styrkor, Svagheter,
// Förbättringspotential), area narratives, findings, overrides and the handlingsplan.
// Everything is computed in the page by spur compiled to WebAssembly (`engine`, started by
// boot.js, or inlined by `spur form`): grading on every change, import (TOML/JSON → the
// canonical JSON), export (JSON and TOML), the report (HTML, Markdown) and the handlingsplan
// template. Only DOCX/XLSX come from the server, and not in the offline file.
// Every change is saved in localStorage. All text from the catalog or the user is inserted
// with textContent, never as HTML.
'use strict';

(function () {
  const { el, download, slug, call } = window.Spur;
  const STORE_DOC = 'spur-form.document.v1';
  const STORE_LANG = 'spur-form.lang';
  const STATUSES = ['', 'met', 'partially_met', 'not_met', 'not_applicable'];

  const T = {
    sv: {
      skip: 'Hoppa till kriterierna', title: 'SPUR-inspektion',
      subtitle: 'Bedömningsformulär för extern granskning av ST-utbildning', language: 'Språk',
      inspection: 'Inspektion', unit: 'Enhet', region: 'Region', specialty: 'Specialitet',
      visit_date: 'Besöksdatum', inspectors: 'Inspektörer (kommaseparerade)', catalog_version: 'Katalogversion (tom = inbyggd)',
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
      overridden: 'satt av inspektören, beräknad', graded: 'Graderat',
      saved: 'Sparat i webbläsaren', warnings: 'varningar (t.ex. ej bedömda kriterier)',
      plan_required: 'Handlingsplan krävs (något område har D).', plan_not_required: 'Ingen handlingsplan krävs.',
      imported: 'Importerade', import_failed: 'Kunde inte importera', export_failed: 'Kunde inte exportera',
      downloaded: 'Hämtade', download_failed: 'Kunde inte skapa', server_down: 'Servern svarar inte',
      unit_missing: 'Enhetens namn saknas – fyll i det innan export.', line: 'rad',
      no_regs: 'Välj minst en föreskrift.', reasons: 'Skäl', engine_failed: 'Kunde inte starta beräkningen (WebAssembly)',
      report_text: 'Rapporttext', report_meta: 'Rapportens status, datum och version', report_status: 'Rapportens status', report_date: 'Rapportdatum', report_version: 'Version',
      rs_: '–', rs_draft: 'Utkast', rs_preliminary: 'Preliminär (för faktagranskning)', rs_final: 'Slutlig', report_meta_unsupported: 'Status, datum och version stöds inte av den här versionen av spur.',
      strengths: 'Styrkor', weaknesses: 'Svagheter', improvements: 'Förbättringspotential',
      item_strengths: 'Styrka', item_weaknesses: 'Svaghet', item_improvements: 'Punkt',
      add: 'Lägg till', up: 'Flytta upp', down: 'Flytta ned', remove: 'Ta bort', empty_list: 'Inga punkter ännu.',
      narrative: 'Bedömning av området (tom rad skiljer stycken)',
      override: 'Inspektörens gradering', override_on: 'Sätt graderingen manuellt', override_grade: 'Gradering',
      override_reason: 'Skäl (obligatoriskt)', reason_missing: 'Skäl krävs för en manuell gradering.',
      all_regs: 'alla föreskrifter', computed: '(beräknad)',
      handlingsplan: 'Handlingsplan', received: 'Handlingsplanen inkom (datum; tom = inte inkommen)',
      required_items: 'Krav (brist mot föreskrift)', recommended_items: 'Rekommendationer (brist mot allmänt råd)',
      other_entries: 'Övriga poster (kriteriet är inte längre en brist)', no_items: 'Inga brister – ingen handlingsplan behövs.',
      finding: 'Iakttagelse', remove_entry: 'Ta bort posten', docx_server: 'DOCX, XLSX och PDF kräver servern (spur serve).'
    },
    en: {
      skip: 'Skip to the criteria', title: 'SPUR inspection',
      subtitle: 'Assessment form for the external review of ST training', language: 'Language',
      inspection: 'Inspection', unit: 'Unit', region: 'Region', specialty: 'Specialty',
      visit_date: 'Visit date', inspectors: 'Inspectors (comma-separated)', catalog_version: 'Catalog version (empty = embedded)',
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
      overridden: 'set by the inspector, computed', graded: 'Graded',
      saved: 'Saved in the browser', warnings: 'warnings (e.g. unassessed criteria)',
      plan_required: 'A handlingsplan is required (some area is D).', plan_not_required: 'No handlingsplan is required.',
      imported: 'Imported', import_failed: 'Could not import', export_failed: 'Could not export',
      downloaded: 'Downloaded', download_failed: 'Could not create', server_down: 'The server does not answer',
      unit_missing: 'The unit name is missing – fill it in before exporting.', line: 'line',
      no_regs: 'Choose at least one regulation.', reasons: 'Reasons', engine_failed: 'Could not start the computation (WebAssembly)',
      report_text: 'Report text', report_meta: 'Report status, date and version', report_status: 'Report status', report_date: 'Report date', report_version: 'Version',
      rs_: '–', rs_draft: 'Draft', rs_preliminary: 'Preliminary (for fact-checking)', rs_final: 'Final', report_meta_unsupported: 'Status, date and version are not supported by this version of spur.',
      strengths: 'Strengths (Styrkor)', weaknesses: 'Weaknesses (Svagheter)', improvements: 'Room for improvement (Förbättringspotential)',
      item_strengths: 'Strength', item_weaknesses: 'Weakness', item_improvements: 'Point',
      add: 'Add', up: 'Move up', down: 'Move down', remove: 'Remove', empty_list: 'No items yet.',
      narrative: 'Assessment of the area (a blank line separates paragraphs)',
      override: "Inspector's grade", override_on: 'Set the grade by hand', override_grade: 'Grade',
      override_reason: 'Reason (mandatory)', reason_missing: 'A grade set by hand needs a reason.',
      all_regs: 'all regulations', computed: '(computed)',
      handlingsplan: 'Handlingsplan (action plan)', received: 'Plan received (date; empty = not received)',
      required_items: 'Required (brist against a föreskrift)', recommended_items: 'Recommended (brist against an allmänt råd)',
      other_entries: 'Other entries (the criterion is no longer a brist)', no_items: 'No brister – no handlingsplan is needed.',
      finding: 'Finding', remove_entry: 'Remove the entry', docx_server: 'DOCX, XLSX and PDF need the server (spur serve).'
    }
  };

  let engine = null;
  let offline = false;
  let lang = 'sv';
  let catalog = null;
  let doc = null;
  let grading = null;
  let gradeTimer = null;
  let reportMeta = false; // does this build's model have report status/date/version?
  let planKey = ''; // what the plan section shows; it is rebuilt only when that changes
  let planItems = null; // the plan items of the last grading that succeeded
  let reportStatuses = ['draft', 'preliminary', 'final']; // replaced by the schema's enum at start

  // The string values a schema allows (enum, const, oneOf/anyOf, $ref into $defs).
  function stringValues(node, defs, depth) {
    if (!node || depth > 5) return [];
    if (Array.isArray(node.enum)) return node.enum.filter((v) => typeof v === 'string');
    if (typeof node.const === 'string') return [node.const];
    if (typeof node.$ref === 'string') return stringValues(defs[node.$ref.split('/').pop()], defs, depth + 1);
    return [...(node.oneOf || []), ...(node.anyOf || [])].flatMap((n) => stringValues(n, defs, depth + 1));
  }

  const $ = (id) => document.getElementById(id);
  const t = (key) => (T[lang] && T[lang][key] !== undefined ? T[lang][key] : (T.sv[key] !== undefined ? T.sv[key] : key));
  const domId = (criterionId) => criterionId.replace(/\./g, '-');
  const clone = (v) => JSON.parse(JSON.stringify(v));

  function blankDocument() {
    return {
      // No visit date until one is written: today would be a silent guess.
      inspection: { unit: '', regulations: catalog.regulations.map((r) => r.designation) },
      findings: {}
    };
  }

  function normalise(d) {
    d.findings = d.findings || {};
    d.report = d.report || {};
    for (const k of ['strengths', 'weaknesses', 'improvements']) d.report[k] = d.report[k] || [];
    d.areas = d.areas || {};
    d.overrides = d.overrides || {};
    return d;
  }

  function regulations() { return (doc.inspection.regulations || []).slice(); }
  function regShort(designation) {
    const reg = catalog.regulations.find((x) => x.designation === designation);
    return reg ? reg.short : designation;
  }
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

  // The document to send: empty optional fields dropped; findings only for criteria that apply
  // under the chosen regulations and per-regulation values only for chosen regulations (the
  // page's model keeps everything, so toggling a regulation off and on loses nothing).
  function buildDocument() {
    const out = clone(doc);
    const regs = regulations();
    const byId = criteriaById();
    const ins = out.inspection;
    for (const k of ['region', 'specialty', 'catalog']) {
      if (ins[k] === null || (typeof ins[k] === 'string' && ins[k].trim() === '')) delete ins[k];
    }
    if (Array.isArray(ins.inspectors) && ins.inspectors.length === 0) delete ins.inspectors;
    const findings = {};
    for (const [id, f] of Object.entries(out.findings || {})) {
      const c = byId.get(id);
      if (!c) { findings[id] = f; continue; } // unknown: let validation report it
      if (!appliesUnder(c, regs)) continue;
      const g = Object.assign({}, f);
      if (g.status && typeof g.status === 'object') {
        const per = {};
        for (const r of regs) if (g.status[r] && kindOf(c, r) !== 'not applicable') per[r] = g.status[r];
        g.status = Object.keys(per).length ? per : 'not_assessed';
      }
      if (g.note === null || (typeof g.note === 'string' && g.note.trim() === '')) delete g.note;
      if (!g.status) g.status = 'not_assessed';
      findings[id] = g;
    }
    out.findings = findings;
    const rep = out.report || {};
    for (const k of ['strengths', 'weaknesses', 'improvements']) rep[k] = (rep[k] || []).filter((s) => s.trim() !== '');
    for (const k of ['status', 'date', 'version']) {
      if (!reportMeta || rep[k] === null || rep[k] === undefined || String(rep[k]).trim() === '') delete rep[k];
    }
    out.report = rep;
    for (const v of Object.values(out.areas || {})) {
      if (v && (v.narrative === null || (typeof v.narrative === 'string' && v.narrative.trim() === ''))) delete v.narrative;
    }
    const overrides = {};
    for (const [a, o] of Object.entries(out.overrides || {})) {
      if (!o || !o.grade) continue;
      let grade = o.grade;
      if (typeof grade === 'object') {
        const per = {};
        for (const r of regs) if (grade[r]) per[r] = grade[r];
        if (!Object.keys(per).length) continue;
        grade = per;
      }
      overrides[a] = { grade, reason: o.reason || '' };
    }
    if (Object.keys(overrides).length) out.overrides = overrides; else delete out.overrides;
    if (out.handlingsplan) {
      const hp = out.handlingsplan;
      if (!hp.received) delete hp.received;
      hp.entries = hp.entries || [];
    }
    return out;
  }

  function source() { return JSON.stringify(buildDocument()); }

  function save() {
    try { localStorage.setItem(STORE_DOC, JSON.stringify(doc)); } catch (e) { /* storage full or off: export still works */ }
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
    if (problems && problems.message && errors.length === 0) list.append(el('li', {}, problems.message));
    for (const d of errors) {
      const where = d.location && d.location.line > 0 ? ` (${t('line')} ${d.location.line}:${d.location.column})` : '';
      const path = d.path ? `${d.path}: ` : '';
      list.append(el('li', {}, `${path}${d.message}${where}`, d.hint ? el('span', { class: 'hint' }, d.hint) : null));
    }
    box.hidden = list.childElementCount === 0;
  }

  // ---- Grading (in the page, by WebAssembly) ------------------------------------------------

  function scheduleGrade() {
    clearTimeout(gradeTimer);
    gradeTimer = setTimeout(grade, 120);
  }

  function grade() {
    const body = buildDocument();
    if (!body.inspection.unit || !body.inspection.unit.trim()) body.inspection.unit = '–';
    if (body.inspection.regulations.length === 0) {
      grading = null;
      setStatus(t('no_regs'), true);
      renderGrades();
      return;
    }
    const text = JSON.stringify(body);
    try {
      const checked = JSON.parse(call(() => engine.check(text, 'json')));
      if (!checked.valid) {
        grading = null;
        showProblems({ errors: checked.errors });
        setStatus(`${checked.errors.length} ${lang === 'sv' ? 'fel' : 'error(s)'}`, true);
      } else {
        grading = JSON.parse(call(() => engine.grade(text, 'json', '{}')));
        planItems = grading.plan_items || [];
        showProblems(null);
        const warnings = (checked.warnings || []).length;
        const time = new Date().toLocaleTimeString(lang === 'sv' ? 'sv-SE' : 'en-GB');
        setStatus(`${t('graded')} ${time}. ${t('saved')}.` + (warnings ? ` ${warnings} ${t('warnings')}.` : ''));
      }
    } catch (e) {
      grading = null;
      showProblems(e.problems || { message: e.message });
      setStatus(e.message, true);
    }
    renderGrades();
    renderPlan();
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
    $('plan-required').textContent = '';
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
    $('plan-required').textContent = grading.handlingsplan_required ? t('plan_required') : t('plan_not_required');
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

  function changed() {
    save();
    scheduleGrade();
  }

  // ---- Header and report text ----------------------------------------------------------------

  function renderRegulations() {
    const fs = $('regulations');
    for (const old of fs.querySelectorAll('.reg-choice')) old.remove();
    for (const r of catalog.regulations) {
      const id = `reg-${r.short}`;
      const box = el('input', { type: 'checkbox', id, value: r.designation });
      box.checked = regulations().includes(r.designation);
      box.addEventListener('change', () => {
        doc.inspection.regulations = catalog.regulations.map((x) => x.designation)
          .filter((d) => (d === r.designation ? box.checked : regulations().includes(d)));
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
    $('catalog').value = ins.catalog || '';
    renderRegulations();
  }

  // An ordered list of paragraphs with add, remove and move up/down; every control labelled.
  function listEditor(key) {
    const items = doc.report[key];
    const wrap = el('div', { class: 'list-editor', id: `list-${key}` });
    const ol = el('ol', { class: 'paragraphs' });
    const rerender = (focus) => {
      wrap.replaceWith(listEditor(key));
      // A disabled button cannot hold focus: then the item's other move button, or its text.
      const at = (focus || '').replace(/-(up|down)$/, '');
      const target = [focus, `${at}-up`, `${at}-down`, at].map((id) => id && $(id)).find((e) => e && !e.disabled);
      if (target) target.focus();
    };
    items.forEach((text, i) => {
      const id = `${key}-${i}`;
      const label = `${t('item_' + key)} ${i + 1}`;
      const area = el('textarea', { id, rows: 2 });
      area.value = text;
      area.addEventListener('input', () => { doc.report[key][i] = area.value; changed(); });
      const move = (to) => {
        const [x] = doc.report[key].splice(i, 1);
        doc.report[key].splice(to, 0, x);
        changed();
        rerender(`${key}-${to}-${to < i ? 'up' : 'down'}`);
      };
      const up = el('button', { type: 'button', id: `${id}-up`, 'aria-label': `${t('up')}: ${label}`, disabled: i === 0 }, '↑');
      up.addEventListener('click', () => move(i - 1));
      const down = el('button', { type: 'button', id: `${id}-down`, 'aria-label': `${t('down')}: ${label}`, disabled: i === items.length - 1 }, '↓');
      down.addEventListener('click', () => move(i + 1));
      const rm = el('button', { type: 'button', id: `${id}-remove`, 'aria-label': `${t('remove')}: ${label}` }, '✕');
      rm.addEventListener('click', () => {
        doc.report[key].splice(i, 1);
        changed();
        rerender(doc.report[key].length ? `${key}-${Math.min(i, doc.report[key].length - 1)}` : `${key}-add`);
      });
      ol.append(el('li', {}, el('label', { for: id }, label), el('div', { class: 'paragraph' }, area, el('span', { class: 'moves' }, up, down, rm))));
    });
    const add = el('button', { type: 'button', id: `${key}-add` }, `${t('add')}: ${t('item_' + key).toLowerCase()}`);
    add.addEventListener('click', () => {
      doc.report[key].push('');
      changed();
      rerender(`${key}-${doc.report[key].length - 1}`);
    });
    wrap.append(el('h3', { id: `h-${key}` }, t(key)), items.length ? ol : el('p', { class: 'muted' }, t('empty_list')), add);
    return wrap;
  }

  function renderReport() {
    const root = $('report-text');
    root.replaceChildren();
    const rep = doc.report;
    const status = el('select', { id: 'report-status' });
    for (const s of reportStatuses) {
      const o = el('option', { value: s }, T[lang][`rs_${s}`] || s);
      // A report without a status is a draft (spur's default): shown as Utkast, not "–".
      if ((rep.status || 'draft') === s) o.selected = true;
      status.append(o);
    }
    status.addEventListener('change', () => { rep.status = status.value; changed(); });
    const date = Spur.dateInput({ id: 'report-date' }, rep.date, (v) => { rep.date = v; changed(); });
    const version = el('input', { id: 'report-version', type: 'text', autocomplete: 'off' });
    version.value = rep.version || '';
    version.addEventListener('input', () => { rep.version = version.value; changed(); });
    const meta = el('fieldset', { class: 'grid report-meta', disabled: !reportMeta },
      el('legend', {}, t('report_meta')),
      el('div', { class: 'field' }, el('label', { for: 'report-status' }, t('report_status')), status),
      el('div', { class: 'field' }, el('label', { for: 'report-date' }, t('report_date')), date),
      el('div', { class: 'field' }, el('label', { for: 'report-version' }, t('report_version')), version),
      reportMeta ? null : el('p', { class: 'muted wide' }, t('report_meta_unsupported')));
    root.append(meta, listEditor('strengths'), listEditor('weaknesses'), listEditor('improvements'));
  }

  // ---- Areas: narrative, override, criteria --------------------------------------------------

  function finding(id) { return doc.findings[id]; }

  function setFinding(id, status, note) {
    const f = doc.findings[id] || {};
    if (status !== undefined) f.status = status;
    if (note !== undefined) f.note = note;
    if ((!f.status || f.status === 'not_assessed') && (!f.note || !f.note.trim())) delete doc.findings[id];
    else {
      if (!f.status) f.status = 'not_assessed';
      if (f.note !== undefined && f.note !== null && !f.note.trim()) delete f.note;
      doc.findings[id] = f;
    }
    changed();
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
    const kindLine = el('div', { class: 'kinds' });
    regulations().forEach((r, i) => {
      const k = kindOf(c, r);
      if (i) kindLine.append(' · ');
      kindLine.append(el('span', { class: `kind kind-${k.replace(/ /g, '-')}` }, `${regShort(r)}: ${t('k_' + k)}`));
    });
    const controls = el('div', { class: 'controls' });
    const perRegulation = f && f.status && typeof f.status === 'object';
    if (perRegulation) {
      for (const r of regs) {
        controls.append(statusSelect(`s-${did}-${regShort(r)}`, f.status[r], regShort(r), (v) => {
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
        el('label', { for: perRegulation ? null : `s-${did}`, class: 'text' }, el('span', { class: 'cid' }, c.id), lang === 'en' ? c.en : c.sv),
        kindLine),
      controls,
      el('div', { class: 'note' }, el('label', { for: `n-${did}` }, `${t('note')} ${c.id}`), note));
  }

  function rerenderCriterion(c, focusId) {
    const old = $(`c-${domId(c.id)}`);
    if (!old) return;
    old.replaceWith(criterionRow(c));
    if (focusId && $(focusId)) $(focusId).focus();
  }

  function gradeOptions(area, value, id, label, onChange) {
    const sel = el('select', { id });
    const letters = area.scale === 'abd' ? ['A', 'B', 'D'] : ['A', 'B', 'C', 'D'];
    for (const g of ['', ...letters]) {
      const o = el('option', { value: g }, g || t('computed'));
      if ((value || '') === g) o.selected = true;
      sel.append(o);
    }
    sel.addEventListener('change', () => onChange(sel.value));
    return el('div', { class: 'field' }, el('label', { for: id }, label), sel);
  }

  function overrideEditor(a) {
    const o = doc.overrides[a.id] || null;
    const wrap = el('fieldset', { class: 'override', id: `o-${a.id}` }, el('legend', {}, `${t('override')} (${a.id})`));
    const on = el('input', { type: 'checkbox', id: `o-${a.id}-on` });
    on.checked = !!o;
    const rerender = (focus) => { wrap.replaceWith(overrideEditor(a)); if ($(focus)) $(focus).focus(); };
    on.addEventListener('change', () => {
      if (on.checked) doc.overrides[a.id] = { grade: '', reason: '' };
      else delete doc.overrides[a.id];
      changed();
      rerender(`o-${a.id}-on`);
    });
    wrap.append(el('div', { class: 'row' }, on, ' ', el('label', { for: `o-${a.id}-on` }, t('override_on'))));
    if (!o) return wrap;
    const regs = regulations();
    const per = o.grade && typeof o.grade === 'object';
    if (per) {
      for (const r of regs) {
        wrap.append(gradeOptions(a, o.grade[r], `o-${a.id}-${regShort(r)}`, `${t('override_grade')} ${r}`, (v) => {
          if (v) o.grade[r] = v; else delete o.grade[r];
          changed();
        }));
      }
    } else {
      wrap.append(gradeOptions(a, o.grade, `o-${a.id}-grade`, `${t('override_grade')} (${t('all_regs')})`, (v) => { o.grade = v; changed(); }));
    }
    if (regs.length > 1) {
      const split = el('input', { type: 'checkbox', id: `o-${a.id}-split` });
      split.checked = !!per;
      split.addEventListener('change', () => {
        if (split.checked) {
          const g = typeof o.grade === 'string' ? o.grade : '';
          o.grade = {};
          if (g) for (const r of regs) o.grade[r] = g;
        } else {
          const values = Object.values(o.grade || {});
          o.grade = values.length ? values[0] : '';
        }
        changed();
        rerender(`o-${a.id}-split`);
      });
      wrap.append(el('div', { class: 'row split' }, split, ' ', el('label', { for: `o-${a.id}-split`, class: 'split' }, t('split'))));
    }
    const reason = el('textarea', { id: `o-${a.id}-reason`, rows: 2, required: true, 'aria-describedby': `o-${a.id}-reason-problem` });
    reason.value = o.reason || '';
    const problem = el('span', { class: 'field-problem', id: `o-${a.id}-reason-problem` });
    const check = () => {
      const missing = !reason.value.trim();
      problem.textContent = missing ? t('reason_missing') : '';
      reason.setAttribute('aria-invalid', String(missing));
    };
    reason.addEventListener('input', () => { o.reason = reason.value; check(); changed(); });
    check();
    wrap.append(el('div', { class: 'field' }, el('label', { for: `o-${a.id}-reason` }, t('override_reason')), reason, problem));
    return wrap;
  }

  function renderAreas() {
    const root = $('areas');
    root.replaceChildren();
    const regs = regulations();
    for (const a of catalog.areas) {
      const criteria = a.criteria.filter((c) => appliesUnder(c, regs));
      const narrative = el('textarea', { id: `narrative-${a.id}`, rows: 3 });
      narrative.value = (doc.areas[a.id] && doc.areas[a.id].narrative) || '';
      narrative.addEventListener('input', () => {
        doc.areas[a.id] = Object.assign({}, doc.areas[a.id], { narrative: narrative.value });
        changed();
      });
      root.append(el('section', { class: 'area', id: `area-${a.id}`, 'aria-labelledby': `h-${a.id}` },
        el('div', { class: 'area-head' },
          el('h2', { id: `h-${a.id}` }, `${a.id}. ${lang === 'en' ? a.en : a.sv}`),
          el('span', { class: 'kinds' }, `${a.group} · ${t('scale')} ${a.scale === 'abd' ? 'A/B/D' : 'A/B/C/D'}`)),
        el('div', { class: 'area-grades', 'aria-live': 'polite' }),
        el('div', { class: 'field' }, el('label', { for: `narrative-${a.id}` }, `${t('narrative')} – ${a.id}`), narrative),
        overrideEditor(a),
        el('h3', {}, t('criteria')),
        criteria.map(criterionRow)));
    }
    renderGrades();
  }

  // ---- The handlingsplan ---------------------------------------------------------------------

  function plan() {
    doc.handlingsplan = doc.handlingsplan || { entries: [] };
    doc.handlingsplan.entries = doc.handlingsplan.entries || [];
    return doc.handlingsplan;
  }

  function setEntry(entry) {
    const hp = plan();
    const i = hp.entries.findIndex((e) => e.criterion === entry.criterion);
    const empty = Object.keys(entry).every((k) => k === 'criterion' || (Array.isArray(entry[k]) && entry[k].length === 0));
    if (empty) { if (i >= 0) hp.entries.splice(i, 1); } else if (i >= 0) hp.entries[i] = entry; else hp.entries.push(entry);
    hp.entries.sort((x, y) => x.criterion.localeCompare(y.criterion, 'en', { numeric: true }));
    changed();
  }

  function planItem(item, entry, byId) {
    const c = byId.get(item.criterion);
    const id = `pe-${domId(item.criterion)}`;
    return el('div', { class: 'plan-item', id },
      el('h4', { id: `${id}-h` }, `${item.criterion} `, c ? (lang === 'en' ? c.en : c.sv) : ''),
      item.note ? el('p', { class: 'finding-note' }, `${t('finding')}: `, item.note) : null,
      item.regulations ? el('p', { class: 'kinds' }, item.regulations.join(', ')) : null,
      Spur.entryEditor(entry || { criterion: item.criterion }, id, {
        lang, visit: () => doc.inspection.visit_date || '', onChange: setEntry
      }));
  }

  function renderPlan(force) {
    const root = $('plan-items');
    if (!root) return;
    const hp0 = doc.handlingsplan || { entries: [] };
    const items0 = planItems || [];
    const key = JSON.stringify([lang, !!planItems, items0.map((i) => [i.criterion, i.relevance, i.note]),
      (hp0.entries || []).map((e) => e.criterion).filter((c) => !items0.some((i) => i.criterion === c))]);
    if (!force && key === planKey) return;
    planKey = key;
    const active = document.activeElement && root.contains(document.activeElement) ? document.activeElement.id : null;
    root.replaceChildren();
    const hp = doc.handlingsplan || { entries: [] };
    $('received').value = hp.received || '';
    const byId = criteriaById();
    const entries = new Map((hp.entries || []).map((e) => [e.criterion, e]));
    const items = planItems || [];
    const shown = new Set();
    for (const [rel, key] of [['required', 'required_items'], ['recommended', 'recommended_items']]) {
      const these = items.filter((i) => i.relevance === rel);
      if (!these.length) continue;
      root.append(el('h3', {}, t(key)));
      for (const item of these) { shown.add(item.criterion); root.append(planItem(item, entries.get(item.criterion), byId)); }
    }
    const others = [...entries.values()].filter((e) => !shown.has(e.criterion));
    if (others.length) {
      root.append(el('h3', {}, t('other_entries')));
      for (const e of others) {
        const item = planItem({ criterion: e.criterion }, e, byId);
        const rm = el('button', { type: 'button', id: `pe-${domId(e.criterion)}-remove` }, `${t('remove_entry')} ${e.criterion}`);
        rm.addEventListener('click', () => {
          plan().entries = plan().entries.filter((x) => x.criterion !== e.criterion);
          changed();
          renderPlan(true);
        });
        item.append(rm);
        root.append(item);
      }
    }
    if (planItems && !items.length && !others.length) root.append(el('p', { class: 'muted' }, t('no_items')));
    if (active && $(active)) $(active).focus();
  }

  // ---- Files ---------------------------------------------------------------------------------

  function name(ext) { return `${slug(doc.inspection.unit, 'inspektion')}.${ext}`; }

  function exportJson() {
    const body = buildDocument();
    let text;
    try {
      text = call(() => engine.convert(JSON.stringify(body), 'json', 'json'));
    } catch (e) {
      text = JSON.stringify(body, null, 2); // still has errors: keep the work anyway
    }
    download(new Blob([text.endsWith('\n') ? text : text + '\n'], { type: 'application/json' }), name('json'));
    setStatus(`${t('downloaded')} ${name('json')}`);
  }

  function exportToml() {
    if (!doc.inspection.unit || !doc.inspection.unit.trim()) { setStatus(t('unit_missing'), true); return; }
    try {
      const text = call(() => engine.convert(source(), 'json', 'toml'));
      download(new Blob([text], { type: 'application/toml' }), name('toml'));
      setStatus(`${t('downloaded')} ${name('toml')}`);
    } catch (e) {
      showProblems(e.problems || { message: e.message });
      setStatus(`${t('export_failed')} TOML`, true);
    }
  }

  async function importFile(file) {
    const text = await file.text();
    const format = /\.json$/i.test(file.name) || text.trim().startsWith('{') ? 'json' : 'toml';
    try {
      doc = normalise(JSON.parse(call(() => engine.convert(text, format, 'json'))));
    } catch (e) {
      showProblems(e.problems || { message: e.message });
      setStatus(`${t('import_failed')} ${file.name}`, true);
      return;
    }
    save();
    showProblems(null);
    renderAll();
    grade();
    setStatus(`${t('imported')} ${file.name}. ${$('status').textContent}`, $('status').className === 'problem');
  }

  const TYPES = {
    html: 'text/html;charset=utf-8', md: 'text/markdown;charset=utf-8', csv: 'text/csv;charset=utf-8',
    toml: 'application/toml', json: 'application/json'
  };

  async function downloadRendered(kind, format) {
    const body = buildDocument();
    if (!body.inspection.unit || !body.inspection.unit.trim()) { setStatus(t('unit_missing'), true); return; }
    const file = kind === 'report' ? `${slug(body.inspection.unit, 'inspektion')}-rapport.${format}` : `${slug(body.inspection.unit, 'inspektion')}-handlingsplan.${format}`;
    if (format === 'docx' || format === 'xlsx' || format === 'pdf') {
      if (offline) { setStatus(t('docx_server'), true); return; }
      try {
        const response = await fetch(`/v1/${kind}?format=${format}&lang=${lang}`, {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
        });
        if (!response.ok) {
          try { showProblems(await response.json()); } catch (e) { showProblems(null); }
          setStatus(`${t('download_failed')} ${file} (HTTP ${response.status})`, true);
          return;
        }
        download(await response.blob(), file);
        setStatus(`${t('downloaded')} ${file}`);
      } catch (e) {
        setStatus(`${t('server_down')}: ${e.message}`, true);
      }
      return;
    }
    try {
      const text = kind === 'report'
        ? call(() => engine.report(JSON.stringify(body), 'json', lang, format, '{}'))
        : call(() => engine.handlingsplanTemplate(JSON.stringify(body), 'json', lang, format, '{}'));
      download(new Blob([text], { type: TYPES[format] || 'text/plain' }), file);
      setStatus(`${t('downloaded')} ${file}`);
    } catch (e) {
      showProblems(e.problems || { message: e.message });
      setStatus(`${t('download_failed')} ${file}`, true);
    }
  }

  // ---- Wiring --------------------------------------------------------------------------------

  function renderStatic() {
    document.documentElement.lang = lang;
    document.title = t('title');
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.getAttribute('data-i18n'));
    $('lang').value = lang;
    for (const b of document.querySelectorAll('[data-server-only]')) b.hidden = offline;
  }

  function renderAll() {
    renderStatic();
    renderMeta();
    renderReport();
    renderAreas();
    renderPlan(true);
  }

  function bind() {
    const text = (id, apply) => $(id).addEventListener('input', () => { apply($(id).value); changed(); });
    text('unit', (v) => { doc.inspection.unit = v; });
    text('region', (v) => { doc.inspection.region = v; });
    text('specialty', (v) => { doc.inspection.specialty = v; });
    text('catalog', (v) => { doc.inspection.catalog = v; });
    text('inspectors', (v) => { doc.inspection.inspectors = Spur.list(v); });
    Spur.wireDate($('visit_date'), (v) => { doc.inspection.visit_date = v; changed(); });
    Spur.wireDate($('received'), (v) => { plan().received = v; changed(); });
    $('lang').addEventListener('change', () => {
      lang = $('lang').value === 'en' ? 'en' : 'sv';
      try { localStorage.setItem(STORE_LANG, lang); } catch (e) { /* ignore */ }
      renderAll();
    });
    $('new').addEventListener('click', () => {
      if (!window.confirm(t('confirm_new'))) return;
      doc = normalise(blankDocument());
      grading = null;
      planItems = null;
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

  function start(wasm, options) {
    engine = wasm;
    offline = !!(options && options.offline);
    // The language chosen in the page before (remembered), else the page's own (`spur form --lang`).
    const pageLang = document.documentElement.lang === 'en' ? 'en' : 'sv';
    try {
      const stored = localStorage.getItem(STORE_LANG);
      lang = stored === 'en' || stored === 'sv' ? stored : pageLang;
    } catch (e) { lang = pageLang; }
    renderStatic();
    try {
      catalog = JSON.parse(call(() => engine.catalog()));
      const schema = JSON.parse(call(() => engine.schema('inspection')));
      const rt = schema.$defs && schema.$defs.ReportText;
      reportMeta = !!(rt && rt.properties && rt.properties.status);
      if (reportMeta) {
        const values = stringValues(rt.properties.status, schema.$defs || {}, 0);
        if (values.length) reportStatuses = values;
      }
    } catch (e) {
      setStatus(`${t('engine_failed')}: ${e.message}`, true);
      return;
    }
    try {
      const stored = JSON.parse(localStorage.getItem(STORE_DOC) || 'null');
      if (stored && stored.inspection && Array.isArray(stored.inspection.regulations)) doc = stored;
    } catch (e) { doc = null; }
    doc = normalise(doc || blankDocument());
    bind();
    renderAll();
    document.body.setAttribute('data-ready', 'true');
    grade();
  }

  function fail(e) {
    renderStatic();
    setStatus(`${t('engine_failed')}: ${e && e.message ? e.message : e}`, true);
  }

  // For the store mode (store.js): the document as it would be sent, and a document opened
  // from the store (kept in localStorage like every edit).
  function getDocument() { return doc ? buildDocument() : null; }
  // Any document as the form would send it (so that versions compare field by field).
  function sendable(d) {
    const current = doc;
    doc = normalise(clone(d));
    try { return buildDocument(); } finally { doc = current; }
  }
  function setDocument(d) {
    doc = normalise(clone(d));
    grading = null;
    planItems = null;
    save();
    showProblems(null);
    renderAll();
    grade();
  }

  window.SpurApp = { start, fail, getDocument, setDocument, sendable };
})();
