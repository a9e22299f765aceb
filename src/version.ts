export const SERVER_NAME = 'zammad-mcp';
export const SERVER_VERSION = '0.1.0';
