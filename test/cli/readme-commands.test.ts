// The README documents every command the CLI offers, with the usage line the command itself prints.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { guildgate } from '../helpers/cli.js';
import { repoPath } from '../helpers/repo-root.js';

const README = readFileSync(repoPath('README.md'), 'utf8');

test('every command of guildgate --help is in the README with its own usage line', async () => {
  const help = await guildgate(['--help']);
  assert.equal(help.code, 0);
  const commands = [...help.stdout.matchAll(/^ {2}([a-z]+(?: [a-z-]+)?) {2,}/gm)].map((match) => match[1]!);
  assert.ok(commands.includes('serve') && commands.includes('keys rotate'), help.stdout);
  for (const command of commands) {
    const usage = await guildgate([...command.split(' '), '--help']);
    assert.equal(usage.code, 0, command);
    const usageLine = usage.stdout.split('\n')[0]!;
    assert.match(usageLine, /^usage: guildgate /, command);
    assert.ok(README.includes(usageLine), `README lacks "${usageLine}"`);
  }
});
