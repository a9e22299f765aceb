/**
 * Telemetry: on when an OTLP endpoint is set (and the SDK is not disabled). The exporters read
 * headers, timeouts and compression from the standard variables themselves.
 */
import type { Reader } from './reader.js';
import type { TelemetryConfig } from './types.js';

/** The signal's URL: its own variable as is, or the base endpoint with `/v1/<signal>`. */
function signalUrl(
  env: Record<string, string | undefined>,
  base: string | undefined,
  signal: 'traces' | 'metrics',
): string | undefined {
  const own = env[`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`];
  if (own) return own;
  return base ? `${base.replace(/\/+$/, '')}/v1/${signal}` : undefined;
}

export function parseTelemetry(
  r: Reader,
  env: Record<string, string | undefined>,
): TelemetryConfig | undefined {
  const base = r.str('OTEL_EXPORTER_OTLP_ENDPOINT');
  const protocol = r.oneOf<'http/protobuf' | 'http/json'>('OTEL_EXPORTER_OTLP_PROTOCOL');
  const tracesUrl = env.OTEL_TRACES_EXPORTER === 'none' ? undefined : signalUrl(env, base, 'traces');
  const metricsUrl = env.OTEL_METRICS_EXPORTER === 'none' ? undefined : signalUrl(env, base, 'metrics');
  if (r.bool('OTEL_SDK_DISABLED') || (!tracesUrl && !metricsUrl)) return undefined;
  for (const [name, url] of [
    ['traces', tracesUrl],
    ['metrics', metricsUrl],
  ] as const)
    if (url !== undefined && !/^https?:\/\/[^/]/.test(url))
      r.problems.push(
        `The OTLP ${name} endpoint "${url}" must be an http:// or https:// URL (OTLP over HTTP; grpc is not supported).`,
      );
  const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL);
  return {
    protocol,
    serviceName: r.strOrDefault('OTEL_SERVICE_NAME'),
    ...(tracesUrl ? { tracesUrl } : {}),
    ...(metricsUrl ? { metricsUrl } : {}),
    ...(env.OTEL_RESOURCE_ATTRIBUTES ? { resourceAttributes: env.OTEL_RESOURCE_ATTRIBUTES } : {}),
    metricIntervalMs: Number.isInteger(interval) && interval > 0 ? interval : 60_000,
  };
}
