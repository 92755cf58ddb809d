// The bench's PostgreSQL round-trip counter: reads the frontend protocol from any chunking, after the startup packets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { protocolCounter, type Counts } from '../../bench/round-trips.js';

/** A length-prefixed packet, with a type byte unless it is a startup packet. */
function packet(type: string | null, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([...(type === null ? [] : [Buffer.from(type)]), length, body]);
}

test('counts Sync and Query as round trips and Execute and Query as statements, however the bytes arrive', () => {
  const sslRequest = packet(null, Buffer.from([0x04, 0xd2, 0x16, 0x2f]));
  const startup = packet(null, Buffer.concat([Buffer.from([0, 3, 0, 0]), Buffer.from('user\0postgres\0\0')]));
  const password = packet('p', Buffer.from('secret\0'));
  // A prepared statement's first run (Parse, Bind, Describe, Execute, Sync), a second run without Parse, a simple query.
  const prepared = ['P', 'B', 'D', 'E', 'S'].map((type) => packet(type, Buffer.from('xx')));
  const again = ['B', 'D', 'E', 'S'].map((type) => packet(type, Buffer.from('S')));
  const simple = packet('Q', Buffer.from('begin\0'));
  const stream = Buffer.concat([sslRequest, startup, password, ...prepared, ...again, simple, packet('X', Buffer.alloc(0))]);

  for (const size of [1, 3, 7, stream.length]) {
    const counts: Counts = { roundTrips: 0, statements: 0 };
    const count = protocolCounter(counts);
    for (let at = 0; at < stream.length; at += size) count(stream.subarray(at, at + size));
    assert.deepEqual(counts, { roundTrips: 3, statements: 3 }, `chunks of ${size} bytes`);
  }
});
