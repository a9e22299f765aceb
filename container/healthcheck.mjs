// The container's health check: GET /healthz on the server's own port (HTTP, or HTTPS when
// MCP_TLS_CERT_FILE is set; the certificate is not checked on loopback). Exit 0 healthy, 1 not.
import { request as http } from 'node:http';
import { request as https } from 'node:https';

const tls = Boolean(process.env.MCP_TLS_CERT_FILE);
const req = (tls ? https : http)(
  {
    host: '127.0.0.1',
    port: Number(process.env.MCP_HTTP_PORT ?? 8080),
    path: '/healthz',
    timeout: 4000,
    rejectUnauthorized: false,
  },
  (res) => process.exit(res.statusCode === 200 ? 0 : 1),
);
req.on('timeout', () => req.destroy());
req.on('error', () => process.exit(1));
req.end();
