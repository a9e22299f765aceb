/** Settings: OpenTelemetry export (the standard OTEL_* variables; the exporters read the rest). */
import type { Setting } from './setting.js';

export const TELEMETRY_SETTINGS: readonly Setting[] = [
  {
    env: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    kind: 'url',
    group: 'Telemetry',
    description:
      'Base URL of an OTLP/HTTP receiver (e.g. `http://collector:4318`): traces go to `/v1/traces`, metrics to `/v1/metrics`. Unset (and no per-signal endpoint): no telemetry, and no OpenTelemetry code is loaded. `OTEL_EXPORTER_OTLP_{TRACES,METRICS}_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_TIMEOUT` and `OTEL_RESOURCE_ATTRIBUTES` are honoured as the OpenTelemetry specification says.',
  },
  {
    env: 'OTEL_EXPORTER_OTLP_PROTOCOL',
    kind: 'enum',
    values: ['http/protobuf', 'http/json'],
    default: 'http/protobuf',
    group: 'Telemetry',
    description: 'OTLP encoding. `grpc` is not supported.',
  },
  {
    env: 'OTEL_SERVICE_NAME',
    kind: 'string',
    default: 'zammad-mcp',
    group: 'Telemetry',
    description: 'The `service.name` of every span and metric.',
  },
  {
    env: 'OTEL_SDK_DISABLED',
    kind: 'boolean',
    default: 'false',
    group: 'Telemetry',
    description: 'Turn telemetry off even when an endpoint is set.',
  },
];
