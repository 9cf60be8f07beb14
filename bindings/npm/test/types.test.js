import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

test('types/schemas.d.ts matches the published schemas', (t) => {
  if (!existsSync(new URL('../node_modules/json-schema-to-typescript', import.meta.url))) {
    console.error('SKIP: type drift check because json-schema-to-typescript is not installed (npm ci)');
    t.skip('json-schema-to-typescript not installed');
    return;
  }
  execFileSync(process.execPath, [new URL('../scripts/gen-types.mjs', import.meta.url).pathname, '--check'], {
    stdio: 'inherit',
  });
  assert.ok(true);
});
