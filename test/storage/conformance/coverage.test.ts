// Storage conformance covers every repository method: each method of each store interface (src/storage/types/) is
// called by a conformance test, so a new method cannot land without one.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openSqliteStore } from '../../../src/storage/sqlite/open.js';
import { REPO_ROOT } from '../../helpers/repo-root.js';

const TYPES = path.join(REPO_ROOT, 'src/storage/types');
const CONFORMANCE = [path.join(REPO_ROOT, 'test/storage/conformance.test.ts'), ...conformanceFiles()];

function conformanceFiles(): string[] {
  const dir = path.join(REPO_ROOT, 'test/storage/conformance');
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(dir, name));
}

/** The methods of every `export interface ...Store {` in the type sources, by interface name. */
function storeInterfaces(): Map<string, string[]> {
  const interfaces = new Map<string, string[]>();
  for (const file of fs.readdirSync(TYPES).filter((name) => name.endsWith('.ts'))) {
    let current: string[] | null = null;
    for (const line of fs.readFileSync(path.join(TYPES, file), 'utf8').split('\n')) {
      const opening = /^export interface (\w+Store) \{$/.exec(line);
      if (opening) interfaces.set(opening[1]!, (current = []));
      else if (line === '}') current = null;
      else if (current) {
        const method = /^ {2}(\w+)\(/.exec(line);
        if (method) current.push(method[1]!);
      }
    }
  }
  return interfaces;
}

/** The store's repositories (`readonly users: UserStore;`), as repository name by interface name. */
function repositoryNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(TYPES, 'store.ts'), 'utf8').split('\n')) {
    const repository = /^ {2}readonly (\w+): (\w+Store);$/.exec(line);
    if (repository) names.set(repository[2]!, repository[1]!);
  }
  return names;
}

test('every method of every store interface is called by a conformance test', async () => {
  const interfaces = storeInterfaces();
  const repositories = repositoryNames();
  assert.ok(interfaces.size >= 14, `the store interfaces were found (${[...interfaces.keys()].join(', ')})`);
  assert.deepEqual(
    [...interfaces.keys()].filter((name) => !repositories.has(name)),
    [],
    'every store interface is a repository of the store',
  );
  const store = openSqliteStore(':memory:');
  try {
    const live = store as unknown as Record<string, Record<string, unknown>>;
    const methods = [...interfaces].flatMap(([name, list]) => list.map((method) => `${repositories.get(name)}.${method}`));
    assert.deepEqual(
      methods.filter((method) => {
        const [repository, name] = method.split('.') as [string, string];
        return typeof live[repository]?.[name] !== 'function';
      }),
      [],
      'each parsed method is one of the store',
    );
    const sources = CONFORMANCE.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    assert.deepEqual(
      methods.filter((method) => !sources.includes(`.${method}(`)),
      [],
      'repository methods no conformance test calls',
    );
  } finally {
    await store.close();
  }
});
