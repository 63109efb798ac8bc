/**
 * Borrowed bodies' leases: the lowest offset still held, whatever order leases close in, and the
 * same answers after every lease has closed and the arrays were emptied in place.
 */
import { describe, expect, it } from 'vitest';
import { BodyLeases } from '../../src-core/client/body-leases';

describe('BodyLeases', () => {
  it('holds from the oldest open lease, and from nothing once all are closed, again and again', () => {
    const leases = new BodyLeases();
    for (let round = 0; round < 3; round++) {
      const base = round * 1000;
      const a = leases.open(base + 10);
      const b = leases.open(base + 20);
      const c = leases.open(base + 30);
      expect(leases.heldFrom).toBe(base + 10);
      leases.close(b);
      expect(leases.heldFrom).toBe(base + 10);
      expect(leases.openCount).toBe(2);
      leases.close(a);
      expect(leases.heldFrom).toBe(base + 30);
      leases.close(a); // twice: nothing
      leases.close(c);
      expect(leases.heldFrom).toBe(Number.POSITIVE_INFINITY);
      expect(leases.openCount).toBe(0);
      // A ticket from before the arrays were emptied names nothing now.
      const d = leases.open(base + 40);
      leases.close(c);
      expect(leases.heldFrom).toBe(base + 40);
      leases.close(d);
      expect(leases.heldFrom).toBe(Number.POSITIVE_INFINITY);
    }
  });

  it('keeps its tickets apart across thousands of leases opened and closed one by one', () => {
    const leases = new BodyLeases();
    const tickets = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const ticket = leases.open(i);
      tickets.add(ticket);
      leases.close(ticket);
    }
    expect(tickets.size).toBe(5000);
    expect(leases.heldFrom).toBe(Number.POSITIVE_INFINITY);
  });
});
