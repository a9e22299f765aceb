/**
 * One tool, one declaration: everything policy, documentation and the pipeline need.
 * A handler only talks to Zammad and renders: the pipeline (src/server/pipeline.ts) checks policy,
 * parses the input, loads the declared entities through the data scope, runs the confirmation
 * gate, maps errors, sanitizes, frames and audits — once, for every tool.
 */
import type { z } from 'zod';
import type { Config } from '../config/index.js';
import type { Logger } from '../log.js';
import type { ConfirmationPreview } from '../policy/preview.js';
import { isGated, type Category, type Confirm, type Risk, type Toolset } from '../policy/risk.js';

export { annotationsFor, type ToolAnnotations } from '../policy/risk.js';
import type { ZammadClient } from '../zammad/client.js';
import type { ZammadError, ZammadErrorKind } from '../zammad/errors.js';
import type { Group } from '../zammad/schemas.js';
import type { EntityDecl, LoadedEntities } from './entities.js';

/**
 * The data scope as a handler sees it: listing and search tools hand their rows to `visible`, group
 * lookups use `activeGroups`. The decision itself lives in src/policy/scope.ts.
 */
export interface ScopeView {
  /** The configured groups when MCP_ALLOWED_GROUPS limits what is seen; undefined when it does not. */
  readonly groups: readonly string[] | undefined;
  /**
   * The rows the caller may see. `groupOf` gives a row's group (no group: hidden under a scope) or
   * its list of groups (visible when any is in scope; an empty list means everyone).
   */
  visible<T>(
    rows: readonly T[],
    groupOf: (row: T) => number | null | undefined | readonly number[],
  ): Promise<T[]>;
  /** The active groups in scope (all active groups when unrestricted), for lookups by name and error lists. */
  activeGroups(): Promise<Group[]>;
}

/** What became of one item of a batch. */
export type ItemOutcome = 'done' | 'failed' | 'skipped' | 'unknown' | 'not_started';

/** One item a batch tool hands to `ctx.batch.run`: `skip` says why it is not written at all. */
export interface BatchItem<T> {
  id: number;
  /** How results and progress name it, e.g. "#31001". */
  label: string;
  skip?: string | undefined;
  value: T;
}

export interface ItemResult {
  id: number;
  label: string;
  outcome: ItemOutcome;
  /** Skipped: why; failed: the safe reason; unknown: what to check; done: what the work reported. */
  reason?: string;
}

/**
 * How a batch runs, provided by the pipeline (src/server/batch.ts) so no tool does it on its own:
 * each item's work once and never retried, at most the Zammad client's concurrency at a time, a
 * failure kept to its item (its reason made safe by the one error mapper), progress after each
 * item when the client asked for it, no new item once the call is cancelled (items in flight
 * finish), and every item's outcome in the call's audit event.
 */
export interface BatchRunner {
  run<T>(
    items: readonly BatchItem<T>[],
    /** One item's writes. Its signal is not the call's: a write in flight is not torn off. */
    work: (item: BatchItem<T>, signal: AbortSignal) => Promise<string | undefined>,
  ): Promise<{ results: ItemResult[]; cancelled: boolean }>;
}

/** `notifications/progress` for the request, when its client sent a progress token. */
export type ProgressSink = (progress: number, total: number, message?: string) => Promise<void>;

export interface ToolContext {
  zammad: ZammadClient;
  config: Readonly<Config>;
  signal: AbortSignal;
  log: Logger;
  /** Who is calling (stdio: "local"; HTTP: the authenticated principal). */
  principal: string;
  scope: ScopeView;
  batch: BatchRunner;
}

export type ExtraContent =
  | { type: 'image'; data: string; mimeType: string }
  | { type: 'resource'; resource: { uri: string; mimeType: string; blob: string } };

export interface ToolOutput<S> {
  /** Compact text for the model. Untrusted content is sanitized and framed by the pipeline. */
  text: string;
  /** Matches the tool's output schema. */
  structured: S;
  /** Images or binary resources (attachments). */
  extra?: ExtraContent[];
}

export type { ConfirmationPreview };

/**
 * What a Zammad failure means for this tool, by kind (`hidden`: not_found or forbidden). Returns the
 * error the model should get instead (or undefined to keep the general mapping). The pipeline's
 * one error mapper applies it, then masks secrets and sanitizes.
 */
export type ErrorMeanings<A, E> = Partial<
  Record<
    ZammadErrorKind | 'hidden',
    (e: ZammadError, args: A, entities: E, config: Readonly<Config>) => Error | undefined
  >
>;

export interface ToolDefinition<
  I extends z.ZodObject = z.ZodObject,
  O extends z.ZodObject = z.ZodObject,
  D extends Record<string, EntityDecl> = Record<string, EntityDecl>,
> {
  name: string;
  title: string;
  /** When to use it, what it returns, its limits. Gated tools get the confirmation sentence appended. */
  description: string;
  category: Category;
  /** The one toolset the tool belongs to (src/policy/risk.ts, docs/tools.md groups by it). */
  toolset: Toolset;
  risk: Risk;
  /**
   * `always`: confirmed by a human like a gated risk, whatever its own risk (a batch). The policy
   * (src/policy/risk.ts, isGated) reads it; such a tool needs a `preview`.
   */
  confirm?: Confirm;
  input: I;
  output: O;
  /**
   * The records the tool acts on, named; the pipeline loads each once through the data scope (out
   * of scope answers exactly like not found) and hands them to `preview` and `handler`.
   * Omitted: a listing/search tool (its rows go through `ctx.scope.visible`) or one that reads no
   * scoped record.
   */
  entities?: D;
  /** Checks of the input alone (no request), run before any entity is loaded. */
  check?(args: z.infer<I>): void;
  /**
   * Required for gated tools (`external`, `destructive`, `confirm: 'always'`): what the human must see before confirming
   * (read-only requests only). The pipeline sanitizes it and runs the confirmation gate.
   */
  preview?(args: z.infer<I>, ctx: ToolContext, entities: LoadedEntities<D>): Promise<ConfirmationPreview>;
  handler(args: z.infer<I>, ctx: ToolContext, entities: LoadedEntities<D>): Promise<ToolOutput<z.infer<O>>>;
  errors?: ErrorMeanings<z.infer<I>, LoadedEntities<D>>;
}

/** Said of every gated tool, derived from its risk here and nowhere else. */
export const CONFIRMATION_SENTENCE =
  'Confirmed before it runs: a form the user answers where the client shows one, otherwise a preview and a single-use token for confirm_action.';

/**
 * Completes a declaration (gated tools get the confirmation sentence) and keeps the input, output
 * and entity types tied together.
 */
export function defineTool<
  I extends z.ZodObject,
  O extends z.ZodObject,
  D extends Record<string, EntityDecl> = Record<never, EntityDecl>,
>(def: ToolDefinition<I, O, D>): ToolDefinition<I, O, D> {
  return isGated(def) ? { ...def, description: `${def.description} ${CONFIRMATION_SENTENCE}` } : def;
}

/** A tool of any input/output type, for lists. */
// The handler's parameters are contravariant, so lists of tools need this one widening.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDefinition<any, any, any>;
