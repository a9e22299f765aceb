import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ticketNumber, ticketRef } from './params.js';

describe('ticket numbers as models send them', () => {
  const ref = z.object(ticketRef);
  it('accepts a whole number and reads it as its digits', () => {
    expect(ref.parse({ ticket_number: 31081 })).toEqual({ ticket_number: '31081' });
    expect(ref.parse({ ticket_number: '#31081' })).toEqual({ ticket_number: '31081' });
  });
  it('still refuses what is no ticket number', () => {
    for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 2, 'DROP TABLE', '', true])
      expect(ref.safeParse({ ticket_number: bad }).success, String(bad)).toBe(false);
  });
  it('says so in the schema clients see: string or integer', () => {
    const s = z.toJSONSchema(ticketNumber, { io: 'input' }) as { anyOf?: Array<{ type?: string }> };
    expect(s.anyOf?.map((x) => x.type)).toEqual(['string', 'integer']);
  });
});
