/**
 * One tool, one declaration: everything policy, documentation and the server need.
 * Handlers never check policy, never sanitize, never format errors: the server does that once.
 */
import type { z } from 'zod';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { ZammadClient } from '../zammad/client.js';
import type { Scope } from '../policy/scope.js';
import type { Category, Risk } from '../policy/risk.js';

export interface ToolContext {
  zammad: ZammadClient;
  /** Data scope (MCP_ALLOWED_GROUPS): tools resolve tickets through it. */
  scope: Scope;
  config: Readonly<Config>;
  signal: AbortSignal;
  log: Logger;
  /** Who is calling (stdio: "local"; HTTP: the authenticated principal). */
  principal: string;
}

export type ExtraContent =
  | { type: 'image'; data: string; mimeType: string }
  | { type: 'resource'; resource: { uri: string; mimeType: string; blob: string } };

export interface ToolOutput<S> {
  /** Compact text for the model. Untrusted content is sanitized and framed by the server. */
  text: string;
  /** Matches the tool's output schema. */
  structured: S;
  /** Images or binary resources (attachments). */
  extra?: ExtraContent[];
}

/** What a gated call will do, built from data the server fetched itself (never from the model's narration). */
export interface ConfirmationPreview {
  /** One line, e.g. `Reply to ticket #31002 "Printer on fire" — email to jane@example.com`. */
  summary: string;
  /** Labelled facts shown to the human: ticket, recipients, a preview of the body, … */
  details: Array<[label: string, value: string]>;
}

export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  category: Category;
  risk: Risk;
  input: I;
  output: O;
  /**
   * Required for `external` and `destructive` tools: fetches what the human must see before
   * confirming (read-only requests only). The server sanitizes it and runs the confirmation gate.
   */
  preview?(args: z.infer<I>, ctx: ToolContext): Promise<ConfirmationPreview>;
  handler(args: z.infer<I>, ctx: ToolContext): Promise<ToolOutput<z.infer<O>>>;
}

/** Identity function that keeps the input and output types tied together. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  def: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return def;
}

/** A tool of any input/output type, for lists. */
// The handler's parameter is contravariant, so lists of tools need this one widening.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDefinition<any, any>;

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** MCP annotations, derived from risk here and nowhere else. */
export function annotationsFor(tool: Pick<ToolDefinition, 'risk' | 'title'>): ToolAnnotations {
  const r = tool.risk;
  return {
    title: tool.title,
    readOnlyHint: r === 'read',
    destructiveHint: r === 'destructive',
    idempotentHint: r === 'read',
    // Every tool talks to a Zammad whose content comes from outside (customers' mail).
    openWorldHint: true,
  };
}
