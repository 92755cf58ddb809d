// Asserts a JSON body has exactly the fields of a seed table: every required field, the right types, nulls only where nullable.
import assert from 'node:assert/strict';
import { SEED_SHAPES, type Shape } from '../fixtures/seed-002-shapes.js';

const SCALARS: Record<string, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  SnowflakeType: (v) => typeof v === 'string' && /^[0-9]{1,20}$/.test(v),
  BotFlags: (v) => Number.isInteger(v),
  ApplicationFlags: (v) => Number.isInteger(v),
  AuthenticatorType: (v) => Number.isInteger(v),
  EventWebhookStatus: (v) => v === 'enabled' || v === 'disabled' || v === 1 || v === 2,
};

function checkValue(value: unknown, type: string, path: string): void {
  if (type.startsWith('?')) {
    if (value === null) return;
    type = type.slice(1);
  }
  if (type.endsWith('[]')) {
    assert.ok(Array.isArray(value), `${path} should be an array, got ${JSON.stringify(value)}`);
    value.forEach((item, index) => checkValue(item, type.slice(0, -2), `${path}.${index}`));
    return;
  }
  const nested = SEED_SHAPES[type];
  if (nested) return assertShape(value, nested, {}, path);
  const check = SCALARS[type];
  assert.ok(check, `unknown type ${type} in the fixture`);
  assert.ok(check(value), `${path} should be ${type}, got ${JSON.stringify(value)}`);
}

/**
 * `shape` is a seed table name or a table; `extras` are further tables of allowed fields. `present` lists
 * optional fields that must be there in this response (e.g. `client_secret` on create).
 */
export function assertShape(body: unknown, shape: string | Shape, options: { extras?: Shape; present?: string[] } = {}, path = 'body'): void {
  const table = typeof shape === 'string' ? SEED_SHAPES[shape]! : shape;
  const { extras = {}, present = [] } = options;
  assert.ok(body !== null && typeof body === 'object' && !Array.isArray(body), `${path} should be an object`);
  const record = body as Record<string, unknown>;
  const fields = new Map<string, { type: string; optional: boolean }>();
  for (const [key, type] of Object.entries({ ...table, ...extras })) {
    fields.set(key.replace(/\?$/, ''), { type, optional: key.endsWith('?') });
  }
  for (const key of Object.keys(record)) assert.ok(fields.has(key), `${path}.${key} is not in the table`);
  for (const [name, { type, optional }] of fields) {
    if (!(name in record)) {
      assert.ok(optional && !present.includes(name), `${path}.${name} is missing`);
      continue;
    }
    checkValue(record[name], type, `${path}.${name}`);
  }
}
