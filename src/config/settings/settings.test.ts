import { describe, expect, it } from 'vitest';
import { describeSetting, SETTINGS, settingOf } from './index.js';

describe('the settings table', () => {
  it('declares each variable once, and every number with its range, shown in its description', () => {
    expect(new Set(SETTINGS.map((s) => s.env)).size).toBe(SETTINGS.length);
    for (const s of SETTINGS) {
      if (s.kind !== 'integer') {
        expect(s.min, s.env).toBeUndefined();
        expect(s.description, s.env).not.toContain('{range}');
        continue;
      }
      expect(s.min, s.env).toBeTypeOf('number');
      expect(s.max, s.env).toBeGreaterThanOrEqual(s.min as number);
      expect(Number(s.default), s.env).toBeGreaterThanOrEqual(s.min as number);
      expect(Number(s.default), s.env).toBeLessThanOrEqual(s.max as number);
      expect(describeSetting(s), s.env).toContain(`${s.min}–${s.max}`);
    }
  });
  it('knows only declared names', () => {
    expect(settingOf('ZAMMAD_URL').kind).toBe('url');
    expect(() => settingOf('ZAMMAD_NOPE')).toThrow(/unknown setting/);
  });
});
