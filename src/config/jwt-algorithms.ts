/**
 * The JWT signature algorithms an operator may allow in MCP_OAUTH_ALGORITHMS: asymmetric only.
 * Checked by the configuration without loading the JWT library at start-up.
 */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];
