/**
 * The OpenTelemetry implementation of src/telemetry/telemetry.ts: OTLP over HTTP (protobuf or
 * JSON), the official JS packages, every one of them loaded here with `import()` — this module is
 * imported only when telemetry is configured. Spans and metrics follow the OpenTelemetry semantic
 * conventions for MCP (`mcp.method.name`, `mcp.session.id`, `mcp.server.operation.duration`) and
 * GenAI tools (`gen_ai.tool.name`, `gen_ai.operation.name` = `execute_tool`); what they do not
 * name is under `zammad_mcp.*`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from '@opentelemetry/api';
import type { TelemetryConfig } from '../config/index.js';
import { SERVER_VERSION } from '../version.js';
import { pathTemplate, type CallOutcome, type Telemetry } from './telemetry.js';

interface Current {
  span: Span;
  /** Set by a tool call that failed, for its request's `error.type`. */
  toolError?: boolean;
}

/** `OTEL_RESOURCE_ATTRIBUTES`: `k=v,k2=v2`, percent-encoded values. */
function resourceAttributes(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',')) {
    const i = pair.indexOf('=');
    if (i <= 0) continue;
    try {
      out[decodeURIComponent(pair.slice(0, i).trim())] = decodeURIComponent(pair.slice(i + 1).trim());
    } catch {
      // a malformed pair is skipped, as the specification allows
    }
  }
  return out;
}

export async function startTelemetry(cfg: TelemetryConfig): Promise<Telemetry> {
  const json = cfg.protocol === 'http/json';
  const [api, traceSdk, metricsSdk, resources, traceExp, metricExp] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/resources'),
    json
      ? import('@opentelemetry/exporter-trace-otlp-http')
      : import('@opentelemetry/exporter-trace-otlp-proto'),
    json
      ? import('@opentelemetry/exporter-metrics-otlp-http')
      : import('@opentelemetry/exporter-metrics-otlp-proto'),
  ]);
  const { SpanKind, SpanStatusCode, ROOT_CONTEXT, trace } = api;
  const resource = resources.resourceFromAttributes({
    ...resourceAttributes(cfg.resourceAttributes),
    'service.name': cfg.serviceName,
    'service.version': SERVER_VERSION,
  });

  const { tracesUrl, metricsUrl } = cfg;
  const tracerProvider = new traceSdk.BasicTracerProvider({
    resource,
    spanProcessors: tracesUrl
      ? [new traceSdk.BatchSpanProcessor(new traceExp.OTLPTraceExporter({ url: tracesUrl }))]
      : [],
  });
  const meterProvider = new metricsSdk.MeterProvider({
    resource,
    readers: metricsUrl
      ? [
          new metricsSdk.PeriodicExportingMetricReader({
            exporter: new metricExp.OTLPMetricExporter({ url: metricsUrl }),
            exportIntervalMillis: cfg.metricIntervalMs,
          }),
        ]
      : [],
  });
  const tracer = tracerProvider.getTracer('zammad-mcp', SERVER_VERSION);
  const meter = meterProvider.getMeter('zammad-mcp', SERVER_VERSION);
  const seconds = {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] },
  };
  const operationDuration = meter.createHistogram('mcp.server.operation.duration', {
    description: 'MCP requests, by method and tool.',
    ...seconds,
  });
  const toolCalls = meter.createCounter('zammad_mcp.tool.calls', {
    description: 'Tool calls, by tool, risk and outcome.',
  });
  const toolErrors = meter.createCounter('zammad_mcp.tool.errors', {
    description: 'Tool calls that ended in an error.',
  });
  const toolDuration = meter.createHistogram('zammad_mcp.tool.duration', {
    description: 'Tool calls.',
    ...seconds,
  });
  const upstreamRequests = meter.createCounter('zammad_mcp.zammad.requests', {
    description: 'Requests to Zammad (each attempt), by method and status.',
  });
  const upstreamDuration = meter.createHistogram('zammad_mcp.zammad.duration', {
    description: 'Requests to Zammad (each attempt).',
    ...seconds,
  });

  const current = new AsyncLocalStorage<Current>();
  const parent = (): ReturnType<typeof trace.setSpan> => {
    const c = current.getStore();
    return c ? trace.setSpan(ROOT_CONTEXT, c.span) : ROOT_CONTEXT;
  };

  return {
    enabled: true,
    async request(info, fn) {
      const started = performance.now();
      const name = info.tool ? `${info.method} ${info.tool}` : info.method;
      const attrs: Record<string, string | number> = {
        'mcp.method.name': info.method,
        'network.transport': 'tcp',
        'network.protocol.name': 'http',
        'zammad_mcp.principal': info.principal,
        ...(info.tool ? { 'gen_ai.tool.name': info.tool, 'gen_ai.operation.name': 'execute_tool' } : {}),
        ...(info.requestId !== undefined ? { 'jsonrpc.request.id': String(info.requestId) } : {}),
        ...(info.sessionId ? { 'mcp.session.id': info.sessionId } : {}),
        ...(info.protocolVersion ? { 'mcp.protocol.version': info.protocolVersion } : {}),
        ...(info.clientAddress ? { 'client.address': info.clientAddress } : {}),
      };
      const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes: attrs }, ROOT_CONTEXT);
      const here: Current = { span };
      let status: number | undefined;
      try {
        return await current.run(here, () => fn((s) => (status = s)));
      } catch (e) {
        span.setAttribute('error.type', e instanceof Error ? e.name : 'error');
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw e;
      } finally {
        if (status !== undefined) span.setAttribute('http.response.status_code', status);
        const errorType =
          status !== undefined && status >= 400 ? String(status) : here.toolError ? 'tool_error' : undefined;
        if (errorType) {
          span.setAttribute('error.type', errorType);
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
        operationDuration.record((performance.now() - started) / 1000, {
          'mcp.method.name': info.method,
          ...(info.tool ? { 'gen_ai.tool.name': info.tool } : {}),
          ...(errorType ? { 'error.type': errorType } : {}),
          ...(info.protocolVersion ? { 'mcp.protocol.version': info.protocolVersion } : {}),
          'network.transport': 'tcp',
        });
      }
    },
    async toolCall(info, fn) {
      const started = performance.now();
      const outer = current.getStore();
      const span = tracer.startSpan(
        `execute_tool ${info.tool}`,
        {
          kind: SpanKind.INTERNAL,
          attributes: {
            'gen_ai.operation.name': 'execute_tool',
            'gen_ai.tool.name': info.tool,
            'zammad_mcp.principal': info.principal,
            'zammad_mcp.risk': info.risk,
          },
        },
        parent(),
      );
      let seen: CallOutcome = {};
      try {
        return await current.run({ span }, () => fn((e) => (seen = e)));
      } finally {
        const outcome = typeof seen.outcome === 'string' ? seen.outcome : 'unknown';
        const failed = outcome === 'error' || outcome === 'disabled' || outcome === 'quota';
        span.setAttribute('zammad_mcp.outcome', outcome);
        if (typeof seen.confirmation === 'string')
          span.setAttribute('zammad_mcp.confirmation', seen.confirmation);
        if (typeof seen.kind === 'string') span.setAttribute('zammad_mcp.error.kind', seen.kind);
        if (typeof seen.quota === 'string') span.setAttribute('zammad_mcp.quota', seen.quota);
        if (failed) {
          span.setAttribute('error.type', 'tool_error');
          span.setStatus({ code: SpanStatusCode.ERROR });
          if (outer) outer.toolError = true;
        }
        span.end();
        const attrs = {
          'gen_ai.tool.name': info.tool,
          'zammad_mcp.risk': info.risk,
          'zammad_mcp.outcome': outcome,
          'zammad_mcp.principal': info.principal,
        };
        toolCalls.add(1, attrs);
        if (failed) toolErrors.add(1, attrs);
        toolDuration.record((performance.now() - started) / 1000, attrs);
      }
    },
    upstream(e) {
      const end = Date.now();
      const attrs = {
        'http.request.method': e.method,
        'url.template': pathTemplate(e.path),
        ...(e.status !== undefined
          ? { 'http.response.status_code': e.status }
          : { 'error.type': 'no_response' }),
        ...(e.attempt > 1 ? { 'http.request.resend_count': e.attempt - 1 } : {}),
      };
      const span = tracer.startSpan(
        `${e.method} ${attrs['url.template']}`,
        { kind: SpanKind.CLIENT, startTime: end - e.ms, attributes: attrs },
        parent(),
      );
      if (e.status === undefined || e.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(end);
      upstreamRequests.add(1, attrs);
      upstreamDuration.record(e.ms / 1000, attrs);
    },
    async shutdown() {
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
