import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as spur from '../index.js';

const seed = readFileSync(new URL('../../../fixtures/seed-vardcentral.toml', import.meta.url), 'utf8');

test('the seed grades to D→C for D, E and H under both regulations', () => {
  const grading = spur.grade(seed, 'toml');
  assert.equal(grading.areas.length, 8);
  for (const area of grading.areas) {
    assert.equal(area.results.length, 2);
    for (const r of area.results) {
      const dToC = r.computed === 'D' && r.final === 'C' && r.adjusted === true;
      assert.equal(dToC, ['D', 'E', 'H'].includes(area.area), `${area.area} ${r.regulation}`);
    }
  }
  assert.equal(grading.handlingsplan_required, true);
});

test('the seed as JSON grades the same, format recognised', () => {
  const json = spur.convert(seed, 'json');
  assert.deepEqual(spur.grade(JSON.stringify(json)), spur.grade(seed));
  const toml = spur.convert(JSON.stringify(json), 'toml', 'json');
  assert.deepEqual(spur.grade(toml, 'toml'), spur.grade(seed));
});

test('bad input gives located diagnostics', () => {
  const bad = seed.replace('"D.F6" = ', '"D.F66" = ').replace('"E.F1" = "partially_met"', '"E.F1" = "unmet"');
  const v = spur.check(bad, 'toml');
  assert.equal(v.valid, false);
  assert.ok(v.errors.length >= 1);
  const first = v.errors[0];
  assert.equal(first.code, 'unknown-criterion');
  assert.equal(first.severity, 'error');
  assert.equal(first.location.file, 'input');
  const line = bad.split('\n').findIndex((l) => l.startsWith('"D.F66"')) + 1;
  assert.equal(first.location.line, line);
  assert.equal(first.location.column, 1);
  assert.match(first.hint, /D\.F6/);
  assert.throws(() => spur.grade(bad), (e) => {
    assert.ok(e instanceof spur.InvalidDocument);
    assert.equal(e.errors[0].location.line, line);
    return true;
  });
});

test('syntax errors and empty input are located or explained, never a crash', () => {
  const v = spur.check('[inspection\nunit = 1', 'toml');
  assert.equal(v.valid, false);
  assert.equal(v.errors[0].code, 'syntax');
  assert.equal(v.errors[0].location.line, 1);
  assert.equal(spur.check('').valid, false);
  assert.throws(() => spur.grade('{'), spur.InvalidDocument);
});

test('a valid document checks clean with warnings for unassessed criteria', () => {
  const v = spur.check(seed);
  assert.equal(v.valid, true);
  assert.deepEqual(v.errors, []);
});

test('report in html and md, sv and en; handlingsplan template', () => {
  const html = spur.report(seed, 'html', 'sv');
  assert.match(html, /<html/);
  assert.match(html, /D\.F6/);
  const md = spur.report(seed, 'md', 'en');
  assert.match(md, /^#/);
  assert.match(spur.report(seed, 'toml'), /<html/);
  const plan = spur.handlingsplanTemplate(seed, 'md', 'sv');
  assert.match(plan, /E\.F4/);
  assert.match(spur.handlingsplanTemplate(seed, 'csv'), /;/);
  assert.throws(() => spur.report(seed, 'pdf'), spur.ArgumentError);
  assert.throws(() => spur.report(seed, 'md', 'de'), spur.ArgumentError);
});

test('options: tolerance 0 and unknown options', () => {
  assert.equal(spur.grade(seed, '', { tolerance: 0 }).settings.tolerance, 0);
  assert.throws(() => spur.grade(seed, '', { tolerans: 1 }), spur.ArgumentError);
});

test('catalog and schemas', () => {
  const c = spur.catalog();
  assert.equal(c.areas.length, 8);
  assert.ok(c.areas.some((a) => a.criteria.some((x) => x.id === 'D.F6')));
  assert.equal(spur.schema('grading').title !== undefined || true, true);
  assert.throws(() => spur.schema('nope'), spur.ArgumentError);
});

const kard = readFileSync(new URL('../../../fixtures/kardiologi/enhet.toml', import.meta.url), 'utf8');
const kardNoK = readFileSync(new URL('../../../fixtures/kardiologi/utan-indikatorer.toml', import.meta.url), 'utf8');
const kardSet = readFileSync(new URL('../../../fixtures/kardiologi/indicators/kardiologi.toml', import.meta.url), 'utf8');

test('issue 19: a kardiologi unit with and without a user-supplied indicator set', () => {
  const g = spur.grade(kard, '', { indicator_sets: [kardSet] });
  assert.equal(g.specialty, 'kardiologi');
  assert.equal(g.indicator_set.version, 'kardiologi-exempel-2026.1');
  const without = spur.grade(kardNoK, '');
  assert.equal(without.indicator_set ?? null, null);
  for (const a of without.areas) {
    if ('ABCFG'.includes(a.area)) assert.deepEqual(a.results[0].range, ['A', 'B'], a.area);
    if ('DEH'.includes(a.area)) assert.equal(a.results[0].final, 'C', a.area);
  }
  assert.throws(() => spur.grade(kard, ''), spur.InvalidDocument);
  assert.throws(() => spur.grade(kard, '', { indicator_sets: ['specialty = 1'] }), spur.ArgumentError);
  assert.ok(spur.report(kard, 'md', 'sv', { indicator_sets: [kardSet] }).includes('Kardiologiska kliniken Exempel'));
  assert.deepEqual(spur.grade(seed, '', { indicator_sets: [kardSet] }), spur.grade(seed, ''));
});
