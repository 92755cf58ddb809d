// A fixture opened before a suite's tests and closed after them, named by the suite where it declares it.
import { after, before } from 'node:test';

/**
 * Declares a `before` hook that opens the fixture and an `after` hook that closes it, and answers the object the
 * fixture's fields are copied into when it opens: empty until then, so read it in tests and in hooks declared later.
 */
export function suiteFixture<T extends { close(): Promise<void> }>(open: () => Promise<T>): T {
  const fixture = {} as T;
  before(async () => {
    Object.assign(fixture, await open());
  });
  after(() => fixture.close());
  return fixture;
}
