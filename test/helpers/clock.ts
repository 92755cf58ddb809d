// A frozen clock that tests move forward by hand.
import type { Clock } from '../../src/clock.js';

export class FrozenClock implements Clock {
  constructor(private current = Date.UTC(2026, 0, 1, 12)) {}

  now(): number {
    return this.current;
  }

  advance(seconds: number): void {
    this.current += seconds * 1000;
  }
}
