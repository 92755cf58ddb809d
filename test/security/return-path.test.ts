// The shared return-path check: only a path on this server, after normalisation; anything else is `/`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { safeReturnPath } from '../../src/http/plugins/page-session.js';

describe('safe return path', () => {
  test('local paths come back normalised, with their query', () => {
    const kept: [string, string][] = [
      ['/settings/sessions', '/settings/sessions'],
      [
        '/oauth2/authorize?client_id=1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb',
        '/oauth2/authorize?client_id=1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb',
      ],
      ['/a/../b', '/b'],
      ['/a/./b#frag', '/a/b'],
      ['/', '/'],
    ];
    for (const [value, expected] of kept) assert.equal(safeReturnPath(value), expected, value);
  });

  test('anything that could leave the server falls back to /', () => {
    const refused = [
      '/.//evil.example',
      '/././/evil.example',
      '/a/..//evil.example',
      '//evil',
      '/\\evil',
      '\\\\evil',
      'https://evil',
      'javascript:alert(1)',
      '/%2F%2Fevil',
      '/%2f/evil',
      '/%5Cevil',
      '/%2e/%2F/evil',
      '/%E0%A4%A',
      '/\u0000x',
      '/x\ty',
      'relative/path',
      '',
      `/${'a'.repeat(2048)}`,
      undefined,
      ['/a', '/b'],
    ];
    for (const value of refused) assert.equal(safeReturnPath(value), '/', String(value));
  });
});
