// Permission bitfields: decimal parsing, masking of unknown bits, and who counts as a manager.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ALL_PERMISSIONS,
  canManage,
  effectivePermissions,
  holdsAll,
  InvalidPermissionsError,
  parsePermissions,
  PERMISSIONS,
} from '../../src/guilds/permissions.js';

describe('guild permissions', () => {
  test('Discord bit values, with ALL covering every known flag', () => {
    assert.equal(PERMISSIONS.CREATE_INSTANT_INVITE, 1n);
    assert.equal(PERMISSIONS.ADMINISTRATOR, 8n);
    assert.equal(PERMISSIONS.MANAGE_GUILD, 32n);
    assert.equal(PERMISSIONS.SEND_VOICE_MESSAGES, 1n << 46n);
    assert.equal(PERMISSIONS.SEND_POLLS, 1n << 49n);
    assert.equal(ALL_PERMISSIONS, (1n << 47n) - 1n + (1n << 49n) + (1n << 50n) + (1n << 51n) + (1n << 52n));
  });

  test('"8" is ADMINISTRATOR; "0" is nothing; leading zeros are decimal', () => {
    assert.equal(parsePermissions('8'), PERMISSIONS.ADMINISTRATOR);
    assert.equal(parsePermissions('0'), 0n);
    assert.equal(parsePermissions('0032'), PERMISSIONS.MANAGE_GUILD);
  });

  test('unknown bits are masked off, up to the largest 64-bit value', () => {
    assert.equal(parsePermissions(String((1n << 47n) | 8n)), 8n);
    assert.equal(parsePermissions(String(1n << 63n)), 0n);
    assert.equal(parsePermissions('18446744073709551615'), ALL_PERMISSIONS);
  });

  test('non-decimal, negative, fractional, exponent, too long and over 64 bits are refused', () => {
    for (const bad of ['-1', 'abc', '1e3', '1.0', '0x8', ' 8', '8 ', '', '+8', '1'.repeat(21), '18446744073709551616', '99999999999999999999']) {
      assert.throws(() => parsePermissions(bad), InvalidPermissionsError, JSON.stringify(bad));
    }
  });

  test('the owner and ADMINISTRATOR hold everything; MANAGE_GUILD manages; others do not', () => {
    const owner = { ownerId: '1', userId: '1', permissions: 0n };
    const admin = { ownerId: '1', userId: '2', permissions: PERMISSIONS.ADMINISTRATOR };
    const manager = { ownerId: '1', userId: '3', permissions: PERMISSIONS.MANAGE_GUILD | PERMISSIONS.KICK_MEMBERS };
    const member = { ownerId: '1', userId: '4', permissions: PERMISSIONS.KICK_MEMBERS };
    assert.equal(effectivePermissions(owner), ALL_PERMISSIONS);
    assert.equal(effectivePermissions(admin), ALL_PERMISSIONS);
    assert.equal(effectivePermissions(manager), PERMISSIONS.MANAGE_GUILD | PERMISSIONS.KICK_MEMBERS);
    assert.deepEqual([owner, admin, manager, member].map(canManage), [true, true, true, false]);
    assert.equal(holdsAll(manager, PERMISSIONS.KICK_MEMBERS), true);
    assert.equal(holdsAll(manager, PERMISSIONS.KICK_MEMBERS | PERMISSIONS.BAN_MEMBERS), false);
    assert.equal(holdsAll(admin, PERMISSIONS.BAN_MEMBERS), true);
  });
});
