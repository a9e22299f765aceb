import { beforeAll, describe, expect, it } from 'vitest';
import { HIDDEN, KEPT } from '../../test/fixtures/privacy-corpus.js';
import { createLogger } from '../log.js';
import { loadPhoneNumbers, Privacy, pseudonymizingLogger, Pseudonymizer } from './index.js';

beforeAll(() => loadPhoneNumbers());

const make = (o: Partial<ConstructorParameters<typeof Pseudonymizer>[0]> = {}): Pseudonymizer =>
  new Pseudonymizer({
    key: Buffer.from('a'.repeat(32)),
    pseudonymizeAgents: false,
    keepDomains: [],
    phoneRegion: 'DE',
    ...o,
  });

const JANE = {
  id: 7,
  firstname: 'Jane',
  lastname: 'Doe',
  login: 'jane@example.com',
  email: 'jane@example.com',
  phone: '+49 30 5557 2100',
  role_ids: [3],
};
const EMMA = {
  id: 2,
  firstname: 'Emma',
  lastname: 'Wright',
  login: 'emma@helpdesk.example',
  email: 'emma@helpdesk.example',
  phone: '+49 30 1111 2222',
  role_ids: [2],
};

describe('the corpus', () => {
  const p = make();
  it.each(HIDDEN)('hides $kind in "$text"', ({ text, secret, kind }) => {
    const out = p.text(text);
    expect(out).not.toContain(secret);
    expect(out).toMatch(new RegExp(`${kind}_[0-9a-f]{8}`));
  });
  it.each(KEPT)('keeps "%s" byte for byte', (text) => {
    expect(p.text(text)).toBe(text);
  });
});

describe('tokens', () => {
  it('are 8 lowercase hex of the keyed HMAC: stable, the same for every spelling, other under another key', () => {
    const a = make();
    const t = a.text('jane@example.com');
    expect(t).toMatch(/^email_[0-9a-f]{8}$/);
    expect(a.text('Write to JANE@Example.com.')).toBe(`Write to ${t}.`);
    expect(make().text('jane@example.com')).toBe(t);
    expect(make({ key: Buffer.from('b'.repeat(32)) }).text('jane@example.com')).not.toBe(t);
    // One number, three spellings, one token.
    const phone = a.text('+49 30 5557 2100');
    expect(a.text('Tel: 0049 30 5557 2100')).toBe(`Tel: ${phone}`);
    expect(a.text('Telefon: 030 5557 2100')).toBe(`Telefon: ${phone}`);
  });

  it('resolve back to the value as it was seen; an unknown token is refused', () => {
    const p = make();
    p.identities.observe(JANE);
    const shown = p.text('Jane Doe <jane@example.com>, +49 30 5557 2100');
    const [name, email, phone] = shown.match(/(name|email|phone)_[0-9a-f]{8}/g) ?? [];
    expect(p.resolveArgs({ to: [email], body: `Dear ${name}, call ${phone}` })).toEqual({
      to: ['jane@example.com'],
      body: 'Dear Jane Doe, call +493055572100',
    });
    expect(() => p.resolveArgs({ to: ['email_00000000'] })).toThrow(
      /email_00000000 is not a pseudonym this server knows/,
    );
    expect(p.resolveArgs({ n: 5, s: 'no tokens here' })).toEqual({ n: 5, s: 'no tokens here' });
  });
});

describe('who stays readable', () => {
  it('customers named in records are hidden, as full names and as capitalized first or last names', () => {
    const p = make();
    p.identities.observe({ assets: { User: { 7: JANE, 2: EMMA } } });
    const out = p.text(
      'Jane Doe wrote; Jane called Emma Wright (emma@helpdesk.example, +49 30 1111 2222). Doe agrees. doe is a deer.',
    );
    expect(out).not.toMatch(/Jane|Doe\b/);
    expect(out).toContain('doe is a deer');
    expect(out).toContain('Emma Wright (emma@helpdesk.example, +49 30 1111 2222)');
  });

  it('agents are pseudonymized too when asked; kept domains stay readable', () => {
    const p = make({ pseudonymizeAgents: true, keepDomains: ['partner.example'] });
    p.identities.observe(EMMA);
    expect(p.text('emma@helpdesk.example')).toMatch(/^email_/);
    expect(p.text('bob@partner.example, bob@eu.partner.example')).toBe(
      'bob@partner.example, bob@eu.partner.example',
    );
    expect(p.text('bob@evilpartner.example')).toMatch(/^email_/);
  });

  it('learns a person from an article’s addresses, not a team name', () => {
    const p = make();
    p.identities.observe({
      from: 'Helpdesk <support@helpdesk.example>',
      sender: 'Agent',
      to: 'Linda Nguyen <linda@x.example>',
      cc: '"Ng, Al" <al@x.example>',
    });
    expect(p.text('Linda Nguyen, Linda, Helpdesk')).toMatch(/^name_[0-9a-f]{8}, name_[0-9a-f]{8}, Helpdesk$/);
  });
});

describe('Privacy', () => {
  const review = { lockdown: false, trustedSenderDomains: [] };
  it('shields text, embedded text and structured content; replaces what cannot be pseudonymized; leaves a form alone', () => {
    const priv = new Privacy(make(), review);
    const r = priv.result({
      content: [
        { type: 'text', text: 'jane@example.com' },
        { type: 'resource', resource: { uri: 'x', text: 'jane@example.com' } },
        { type: 'image', data: 'AAAA', mimeType: 'image/png' },
      ],
      structuredContent: { to: ['jane@example.com'], n: 1 },
    });
    expect(JSON.stringify(r)).not.toContain('jane@example.com');
    expect(r.content[2]).toEqual({
      type: 'text',
      text: expect.stringMatching(/An image was withheld: pseudonymization is on/),
    });
    const form = { inputRequests: { confirm: { message: 'Reply to jane@example.com' } } };
    expect(priv.result(form)).toBe(form);
    const off = new Privacy(undefined, review);
    expect(off.text('jane@example.com')).toBe('jane@example.com');
  });

  it('info lines of the log carry tokens; debug lines keep the value', () => {
    const lines: string[] = [];
    const log = pseudonymizingLogger(
      createLogger('debug', { write: (l) => void lines.push(l) }),
      new Privacy(make(), review),
    );
    log.info('sent to jane@example.com', {
      detail: 'Email jane@example.com is used',
      error: new Error('jane@example.com'),
    });
    log.child({ who: 'jane@example.com' }).warn('x');
    log.debug('debug jane@example.com');
    expect(lines[0]).not.toContain('jane@example.com');
    expect(lines[1]).not.toContain('jane@example.com');
    expect(lines[2]).toContain('jane@example.com');
  });
});
