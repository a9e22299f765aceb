import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { forMcp, inputJsonSchema } from './json-schema.js';

describe('forMcp', () => {
  const schema = z.object({ a: z.string().max(5) });

  it('advertises the JSON Schema without $schema and validates with zod', async () => {
    const w = forMcp(schema) as unknown as {
      '~standard': {
        jsonSchema: { input: () => Record<string, unknown> };
        validate: (v: unknown) => unknown;
      };
    };
    expect(w['~standard'].jsonSchema.input()).toEqual(inputJsonSchema(schema));
    expect(w['~standard'].jsonSchema.input()).not.toHaveProperty('$schema');
    const bad = (await w['~standard'].validate({ a: 'toolong' })) as { issues?: unknown[] };
    expect(bad.issues?.length).toBe(1);
  });

  it('wraps each schema once, however many servers are built', () => {
    expect(forMcp(schema)).toBe(forMcp(schema));
  });
});
