// The pre-visit survey beside each area of the inspection form (issue 32). Plain JavaScript,
// separate from app.js on purpose: the form renders the areas, this file only adds a panel to
// each `#area-X` section when the form shows a stored inspection.
//
// Which inspection: `/?inspection=ID` in the page's address, or `SpurSurveyPanel.show(ID)` from
// the form's store mode. The summary comes from `GET /v1/inspections/{ID}/survey/summary` with
// the page's own credentials (the session cookie, or a header the browser adds); without a
// survey, without access or offline nothing is shown. The summary's anonymity holds here too:
// a group the server suppressed (fewer than three answers) is shown as "för få svar" and has no
// figures to show.
(function () {
  'use strict';

  const WORDS = {
    sv: {
      heading: 'Förenkäten', statement: 'Påstående', group: 'Grupp', answers: 'Svar',
      share: 'Stämmer helt/ganska bra', too_few: 'för få svar', gap: 'Skillnad mellan handledare och ST-läkare',
      respondents: 'svarande', free: 'Fritext', none: 'Inga påståenden i området.',
      groups: { verksamhetschef: 'Verksamhetschef', studierektor: 'Studierektor', handledare: 'Handledare', 'st-lakare': 'ST-läkare' }
    },
    en: {
      heading: 'Pre-visit survey', statement: 'Statement', group: 'Group', answers: 'Answers',
      share: 'Fully/largely agree', too_few: 'too few answers', gap: 'Gap between supervisors and ST doctors',
      respondents: 'respondents', free: 'Free text', none: 'No statements in this area.',
      groups: { verksamhetschef: 'Head of unit', studierektor: 'Director of studies', handledare: 'Supervisors', 'st-lakare': 'ST doctors' }
    }
  };

  let summary = null;
  let inspection = null;

  function words() { return document.documentElement.lang === 'en' ? WORDS.en : WORDS.sv; }
  function lang() { return document.documentElement.lang === 'en' ? 'en' : 'sv'; }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }

  function percent(share) { return `${Math.round(share * 100)} %`; }

  function groupName(g) { return words().groups[g] || g; }

  function statementText(id) {
    for (const a of summary.areas) {
      for (const s of a.statements) if (s.id === id) return lang() === 'en' ? s.en : s.sv;
    }
    return id;
  }

  function figuresCell(f) {
    if (f.suppressed) return [el('td', { class: 'survey-too-few', colspan: '2' }, words().too_few)];
    const share = typeof f.share_positive === 'number' ? percent(f.share_positive) : '–';
    return [el('td', {}, String(f.answers)), el('td', {}, share)];
  }

  function panel(area) {
    const w = words();
    const a = summary.areas.find((x) => x.area === area);
    const id = `survey-${area}`;
    const box = el('section', { class: 'survey-panel', id, 'aria-labelledby': `${id}-h`, 'data-area': area },
      el('h3', { id: `${id}-h` }, `${w.heading} – ${area}`));
    const gaps = summary.discrepancies.filter((d) => d.area === area);
    if (gaps.length) {
      box.append(el('div', { class: 'survey-gaps', role: 'note' },
        el('p', {}, el('strong', {}, `${w.gap}:`)),
        el('ul', {}, gaps.map((d) => el('li', { class: 'survey-gap', 'data-handledare': d.handledare.statement, 'data-st-lakare': d.st_lakare.statement },
          `${d.handledare.statement} ${statementText(d.handledare.statement)} (${groupName('handledare')} ${percent(d.handledare.share_positive)}) – `,
          `${d.st_lakare.statement} ${statementText(d.st_lakare.statement)} (${groupName('st-lakare')} ${percent(d.st_lakare.share_positive)})`)))));
    }
    if (!a || a.statements.length === 0) {
      box.append(el('p', {}, w.none));
      return box;
    }
    const rows = [];
    for (const s of a.statements) {
      s.groups.forEach((f, i) => {
        rows.push(el('tr', { 'data-statement': s.id, 'data-group': f.group, 'data-suppressed': String(f.suppressed) },
          i === 0 ? el('th', { scope: 'row', rowspan: String(s.groups.length) }, `${s.id} ${lang() === 'en' ? s.en : s.sv}`) : null,
          el('td', {}, groupName(f.group)),
          figuresCell(f)));
      });
    }
    box.append(el('div', { class: 'survey-table' }, el('table', {},
      el('caption', { class: 'visually-hidden' }, `${w.heading} – ${area}`),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, w.statement), el('th', { scope: 'col' }, w.group),
        el('th', { scope: 'col' }, w.answers), el('th', { scope: 'col' }, w.share))),
      el('tbody', {}, rows))));
    if (a.free_texts.length) {
      box.append(el('h4', {}, w.free),
        el('ul', { class: 'survey-free' }, a.free_texts.map((f) => el('li', {}, `${groupName(f.group)}: `, f.text))));
    }
    return box;
  }

  function groupsLine() {
    const w = words();
    return summary.groups.map((g) => `${groupName(g.group)}: ${g.suppressed ? w.too_few : `${g.respondents} ${w.respondents}`}`).join(' · ');
  }

  // Add the panel to every area section that lacks it (the form re-renders its areas).
  function place() {
    if (!summary) return;
    for (const section of document.querySelectorAll('#areas > section.area')) {
      const area = section.id.replace(/^area-/, '');
      const old = section.querySelector(':scope > .survey-panel');
      if (old && old.dataset.lang === lang()) continue;
      const box = panel(area);
      box.dataset.lang = lang();
      box.append(el('p', { class: 'survey-groups' }, groupsLine()));
      if (old) old.replaceWith(box);
      else {
        const grades = section.querySelector(':scope > .area-grades');
        if (grades) grades.after(box); else section.append(box);
      }
    }
  }

  async function show(id) {
    if (!/^[0-9]+$/.test(String(id))) return;
    inspection = String(id);
    try {
      const r = await fetch(`/v1/inspections/${inspection}/survey/summary`, {
        credentials: 'same-origin', headers: { Accept: 'application/json' }
      });
      if (!r.ok) return;
      summary = await r.json();
    } catch (e) {
      return;
    }
    document.body.dataset.surveyPanel = 'ready';
    place();
  }

  function init() {
    const areas = document.getElementById('areas');
    if (!areas) return;
    new MutationObserver(place).observe(areas, { childList: true });
    // The language switch re-renders the areas; `lang` on <html> tells which words to use.
    new MutationObserver(place).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    const id = new URLSearchParams(window.location.search).get('inspection');
    if (id && location.protocol !== 'file:') show(id);
  }

  window.SpurSurveyPanel = { show };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
