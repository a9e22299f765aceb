import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log.js';
import { ZammadError } from '../zammad/errors.js';
import { toSafeError } from './error-map.js';

describe('the error mapper', () => {
  it("cuts Zammad's own words out of a message that should not carry them", () => {
    const words = 'PG::UndefinedTable: relation tickets_x does not exist';
    const e = new ZammadError('server', `Zammad failed: ${words}.`, 500, words);
    const safe = toSafeError(e, silentLogger, 'get_ticket', 'abcd1234');
    expect(safe.message).not.toContain('tickets_x');
    expect(safe.message).toContain('(ref abcd1234)');
  });

  it('leaves a message alone that merely contains a short detail of ours', () => {
    const e = new ZammadError(
      'bad_response',
      'Zammad answered a write with something that is not JSON.',
      200,
      'not JSON',
    );
    expect(toSafeError(e, silentLogger, 'add_internal_note', 'abcd1234').message).toBe(
      'Zammad answered a write with something that is not JSON. (ref abcd1234)',
    );
  });

  it('keeps validation words: they say what to fix', () => {
    const e = new ZammadError(
      'validation',
      'Zammad rejected the request: pending_time is missing.',
      422,
      'pending_time is missing',
    );
    expect(toSafeError(e, silentLogger, 'update_ticket', 'abcd1234').message).toContain(
      'pending_time is missing',
    );
  });
});
