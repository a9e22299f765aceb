/** Telemetry: on when an OTLP endpoint is set (and the SDK is not disabled); over HTTP only. */
import type { Reader } from './reader.js';
import type { TelemetryConfig } from './types.js';

export function parseTelemetry(
  r: Reader,
  env: Record<string, string | undefined>,
): TelemetryConfig | undefined {
  const base = r.str('OTEL_EXPORTER_OTLP_ENDPOINT');
  const traces = !!(base || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && env.OTEL_TRACES_EXPORTER !== 'none';
  const metrics = !!(base || env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) && env.OTEL_METRICS_EXPORTER !== 'none';
  const protocol = r.oneOf<'http/protobuf' | 'http/json'>('OTEL_EXPORTER_OTLP_PROTOCOL');
  if (r.bool('OTEL_SDK_DISABLED') || (!traces && !metrics)) return undefined;
  if (base !== undefined && !/^https?:\/\//.test(base))
    r.problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT="${base}" must be an http:// or https:// URL (OTLP/HTTP).`);
  return { protocol, serviceName: r.strOrDefault('OTEL_SERVICE_NAME'), traces, metrics };
}
