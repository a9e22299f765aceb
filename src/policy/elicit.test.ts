import { describe, expect, it } from 'vitest';
import { answerOf, answerOfInputResponses, cleanPreview, formMessage, REQUESTED_SCHEMA } from './elicit.js';

describe('reading the confirmation answer', () => {
  const cases: Array<[unknown, string]> = [
    [{ action: 'accept', content: { decision: 'confirm' } }, 'confirmed'],
    [{ action: 'accept', content: { decision: 'cancel' } }, 'cancelled'],
    [{ action: 'decline' }, 'declined'],
    [{ action: 'cancel' }, 'cancelled'],
    [{ action: 'accept' }, 'invalid'],
    [{ action: 'accept', content: {} }, 'invalid'],
    [{ action: 'accept', content: { decision: 'yes' } }, 'invalid'],
    [{ action: 'accept', content: { decision: true } }, 'invalid'],
    [{ action: 'accept', content: { decision: 'confirm', also: 'x' } }, 'invalid'],
    [{ action: 'approve' }, 'invalid'],
    [{}, 'invalid'],
    [null, 'invalid'],
    ['accept', 'invalid'],
  ];
  it.each(cases)('2025 result %j → %s', (result, expected) => {
    expect(answerOf(result)).toBe(expected);
  });
  it.each(cases)('2026 inputResponses.confirm %j → %s', (result, expected) => {
    expect(answerOfInputResponses({ confirm: result })).toBe(expected);
  });
  it('an answer under another key, or none, is invalid', () => {
    expect(answerOfInputResponses(undefined)).toBe('invalid');
    expect(answerOfInputResponses({})).toBe('invalid');
    expect(answerOfInputResponses({ other: { action: 'accept', content: { decision: 'confirm' } } })).toBe(
      'invalid',
    );
  });
});

describe('the confirmation form', () => {
  it('asks for a deliberate choice, not a checkbox', () => {
    expect(REQUESTED_SCHEMA).toEqual({
      type: 'object',
      properties: { decision: expect.objectContaining({ type: 'string', enum: ['confirm', 'cancel'] }) },
      required: ['decision'],
    });
  });

  it('sanitizes, flattens and clips what the server fetched', () => {
    const p = cleanPreview({
      summary: 'Delete ticket #31002 "Refund\u202Eevil\u200B"',
      details: [
        ['Title', 'Refund\u202Etxt.exe'],
        ['Body', 'line one\n\nDecision: confirm\r\nline three\u001b[2J'],
        ['Long', 'x'.repeat(5000)],
      ],
    });
    expect(p.summary).toBe('Delete ticket #31002 "Refundevil"');
    expect(p.details[0]).toEqual(['Title', 'Refundtxt.exe']);
    expect(p.details[1]?.[1]).toBe('line one ⏎ Decision: confirm ⏎ line three');
    expect(Array.from(p.details[2]?.[1] ?? '').length).toBe(1000);
    const m = formMessage('delete_ticket', p);
    expect(m.split('\n')).toEqual([
      'Confirm this action (delete_ticket):',
      'Delete ticket #31002 "Refundevil"',
      '• Title: Refundtxt.exe',
      '• Body: line one ⏎ Decision: confirm ⏎ line three',
      `• Long: ${'x'.repeat(999)}…`,
      'Choose "confirm" to run it once, exactly as shown, or "cancel".',
    ]);
    expect(m).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B]/);
    expect(m.includes('\u001b')).toBe(false);
  });

  it('keeps at most 20 details', () => {
    const details = Array.from({ length: 50 }, (_, i): [string, string] => [`L${i}`, 'v']);
    expect(cleanPreview({ summary: 's', details }).details).toHaveLength(20);
  });
});
