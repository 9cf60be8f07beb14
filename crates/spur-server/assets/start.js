// The start page after sign-in (GET /start): what this person has to do next, by role, from
// the store's JSON routes (/v1/inspections, /v1/deadlines, /v1/overview) called with the session
// cookie. Text is always inserted as text (Spur.el), never as HTML.
'use strict';

(function () {
  const { el, api } = window.Spur;
  const lang = document.documentElement.lang === 'en' ? 'en' : 'sv';
  const main = document.getElementById('main');
  const role = main.dataset.role;
  const box = document.getElementById('start-content');

  const T = {
    sv: {
      states: {
        ordered: 'beställd', planned: 'planerad', preparing: 'förberedelser', visited: 'besökt',
        preliminary: 'preliminär rapport', final: 'slutlig rapport', plan_required: 'handlingsplan krävs',
        plan_received: 'handlingsplan mottagen', closed: 'avslutad', cancelled: 'avbruten',
      },
      unit: 'Enhet', state: 'Läge', deadline: 'Sista dag', visit: 'Besök', id: 'Nr', what: 'Vad', inspectors: 'Inspektörer',
      due: 'Att göra, försenat först', none: 'Inget just nu.', failed: 'Kunde inte hämta',
      overdue: (n) => `${n} dagar sen`, left: (n) => (n === 0 ? 'i dag' : `om ${n} dagar`),
      report: 'rapporten', reportH: 'Rapport', plan: 'handlingsplanen', open: 'Öppna',
      inspector: ['Mina inspektioner efter läge och sista dag'],
      coord: ['Beställningar att planera', 'Inspektörer att utse', 'Inspektioner i specialiteten'],
      unitH: ['Preliminär rapport att granska', 'Handlingsplan att besvara', 'Dokument att bifoga', 'Våra inspektioner'],
      regionH: ['Utveckling per enhet', 'Återinspektioner som är aktuella', 'Enheter som saknar handlingsplan', 'Regionens inspektioner'],
      adminH: ['Alla inspektioner'],
      area: 'Område', change: 'Förändring', due2: 'Förfaller', days: 'Dagar sen', dAreas: 'Områden med D',
      factual: 'faktagranskning senast', planBy: 'handlingsplan senast', reinspect: 'ny inspektion',
      attach: 'bifoga dokument (introduktionsprogram, IUP-mall, riktlinjer)',
      appoint: (n) => `${n} av 2 inspektörer utsedda`,
    },
    en: {
      states: {
        ordered: 'ordered', planned: 'planned', preparing: 'preparing', visited: 'visited',
        preliminary: 'preliminary report', final: 'final report', plan_required: 'plan required',
        plan_received: 'plan received', closed: 'closed', cancelled: 'cancelled',
      },
      unit: 'Unit', state: 'State', deadline: 'Last day', visit: 'Visit', id: 'No.', what: 'What', inspectors: 'Inspectors',
      due: 'To do, overdue first', none: 'Nothing right now.', failed: 'Could not load',
      overdue: (n) => `${n} days overdue`, left: (n) => (n === 0 ? 'today' : `in ${n} days`),
      report: 'the report', reportH: 'Report', plan: 'the handlingsplan', open: 'Open',
      inspector: ['My inspections by state and last day'],
      coord: ['Orders to plan', 'Inspectors to appoint', 'Inspections of the specialty'],
      unitH: ['Preliminary report to check', 'Handlingsplan to answer', 'Documents to attach', 'Our inspections'],
      regionH: ['Trends per unit', 'Re-inspections due', 'Units without a handlingsplan', 'The region\'s inspections'],
      adminH: ['All inspections'],
      area: 'Area', change: 'Change', due2: 'Due', days: 'Days overdue', dAreas: 'Areas graded D',
      factual: 'factual check by', planBy: 'handlingsplan by', reinspect: 'next inspection',
      attach: 'attach documents (introduction programme, IUP template, guidelines)',
      appoint: (n) => `${n} of 2 inspectors appointed`,
    },
  }[lang];

  const ORDER = ['ordered', 'planned', 'preparing', 'visited', 'preliminary', 'final', 'plan_required', 'plan_received', 'closed', 'cancelled'];

  async function get(url) {
    const r = await api(url, { headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return r.json();
  }

  async function all() {
    const items = [];
    let cursor = null;
    for (let i = 0; i < 20; i++) {
      const page = await get('/v1/inspections?limit=1000' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      items.push(...page.items);
      cursor = page.next;
      if (!cursor) break;
    }
    return items;
  }

  function section(title, ...content) {
    const id = 'h-' + Math.random().toString(36).slice(2, 9);
    return el('section', { 'aria-labelledby': id }, el('h2', { id }, title), ...content);
  }

  function table(caption, head, rows) {
    if (!rows.length) return el('p', { class: 'empty' }, T.none);
    return el('table', {},
      el('caption', { class: 'visually-hidden' }, caption),
      el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c)))))));
  }

  function deadlineOf(rec) {
    const d = rec.deadlines || {};
    if (rec.state === 'preliminary' && d.factual_check) return `${T.factual} ${d.factual_check}`;
    if (rec.state === 'plan_required' && d.handlingsplan) return `${T.planBy} ${d.handlingsplan}`;
    if ((rec.state === 'closed' || rec.state === 'final' || rec.state === 'plan_received') && d.reinspection) return `${T.reinspect} ${d.reinspection}`;
    return '';
  }

  function reportLink(rec, text) {
    return el('a', { href: `/v1/inspections/${rec.id}/report?format=html&lang=${lang}` }, text || `${T.open} ${T.report}`);
  }

  function byStateAndDeadline(list) {
    return list.slice().sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) ||
      String(deadlineOf(a)).localeCompare(String(deadlineOf(b))) || a.id - b.id);
  }

  function inspectionRows(list, withLink) {
    return byStateAndDeadline(list).map((r) => [
      String(r.id), r.unit, T.states[r.state] || r.state, r.visit_date || '–', deadlineOf(r) || '–',
      withLink && mayReadReport(r) ? reportLink(r) : '–',
    ]);
  }

  // Whether the report is there for this role to read (the unit from the preliminary report
  // on, the region from the final one; the others once there is a document).
  function mayReadReport(r) {
    if (!(r.head_version > 0)) return false;
    const from = role === 'unit' ? 'preliminary' : role === 'region' ? 'final' : 'planned';
    return r.state !== 'cancelled' && ORDER.indexOf(r.state) >= ORDER.indexOf(from);
  }

  const inspectionHead = () => [T.id, T.unit, T.state, T.visit, T.deadline, T.reportH];

  function dueSection(due) {
    const rows = due.items.map((d) => [
      d.unit, lang === 'en' ? d.text_en : d.text_sv, d.due,
      el('span', { class: d.days_overdue > 0 ? 'overdue' : '' }, d.days_overdue > 0 ? T.overdue(d.days_overdue) : T.left(-d.days_overdue)),
    ]);
    return section(T.due, table(T.due, [T.unit, T.what, T.deadline, ''], rows));
  }

  async function render() {
    const [items, due] = await Promise.all([all(), get('/v1/deadlines')]);
    const parts = [dueSection(due)];
    const live = items.filter((r) => r.state !== 'cancelled');
    if (role === 'inspector') {
      parts.unshift(section(T.inspector[0], table(T.inspector[0], inspectionHead(), inspectionRows(live, true))));
    } else if (role === 'coordinator') {
      const orders = live.filter((r) => r.state === 'ordered');
      const appoint = live.filter((r) => ['ordered', 'planned', 'preparing'].includes(r.state) && (r.inspectors || []).length < 2);
      parts.unshift(
        section(T.coord[0], table(T.coord[0], [T.id, T.unit, T.state], orders.map((r) => [String(r.id), r.unit, T.states[r.state]]))),
        section(T.coord[1], table(T.coord[1], [T.id, T.unit, T.inspectors], appoint.map((r) => [String(r.id), r.unit, T.appoint((r.inspectors || []).length)]))),
        section(T.coord[2], table(T.coord[2], inspectionHead(), inspectionRows(live, true))));
    } else if (role === 'unit') {
      const prelim = live.filter((r) => r.state === 'preliminary' && !(r.deadlines || {}).factual_check_done);
      const plan = live.filter((r) => r.state === 'plan_required');
      const docs = live.filter((r) => r.state === 'planned' || r.state === 'preparing');
      parts.unshift(
        section(T.unitH[0], table(T.unitH[0], [T.id, T.unit, T.deadline, T.reportH], prelim.map((r) => [String(r.id), r.unit, deadlineOf(r) || '–', reportLink(r)]))),
        section(T.unitH[1], table(T.unitH[1], [T.id, T.unit, T.deadline, T.plan], plan.map((r) => [String(r.id), r.unit, deadlineOf(r) || '–', el('a', { href: '/handlingsplan' }, `${T.open} ${T.plan}`)]))),
        section(T.unitH[2], table(T.unitH[2], [T.id, T.unit, T.what], docs.map((r) => [String(r.id), r.unit, T.attach]))),
        section(T.unitH[3], table(T.unitH[3], inspectionHead(), inspectionRows(live, true))));
    } else if (role === 'region') {
      const ov = await get('/v1/overview');
      const trends = [];
      for (const u of ov.trends || []) {
        for (const a of u.areas) trends.push([u.unit, a.area, a.marks.join(' → '), a.change]);
      }
      parts.unshift(
        section(T.regionH[0], table(T.regionH[0], [T.unit, T.area, T.visit, T.change], trends)),
        section(T.regionH[1], table(T.regionH[1], [T.unit, T.visit, T.due2, T.days], (ov.reinspection_due || []).map((r) => [r.unit, r.visit_date, r.due, String(r.days_overdue)]))),
        section(T.regionH[2], table(T.regionH[2], [T.unit, T.visit, T.dAreas], (ov.missing_plan || []).map((r) => [r.unit, r.visit_date, r.d_areas.join(', ')]))),
        section(T.regionH[3], table(T.regionH[3], inspectionHead(), inspectionRows(live, true))));
    } else {
      parts.unshift(section(T.adminH[0], table(T.adminH[0], inspectionHead(), inspectionRows(items, true))));
    }
    box.replaceChildren(...parts);
  }

  render().catch((e) => {
    box.replaceChildren(el('p', { class: 'signin-error', role: 'alert' }, `${T.failed}: ${e.message}`));
  }).finally(() => {
    main.setAttribute('aria-busy', 'false');
    document.body.dataset.ready = 'true';
  });
})();
