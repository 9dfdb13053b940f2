import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './src/lib/security-headers.ts';

const config: NextConfig = {
  // Workspace packages ship TypeScript source.
  transpilePackages: ['@claimline/core', '@claimline/db', '@claimline/api'],
  // Native addons and Prisma's runtime load from node_modules at run time.
  serverExternalPackages: ['better-sqlite3', 'argon2', '@prisma/client', '@prisma/adapter-better-sqlite3', '@prisma/driver-adapter-utils'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // Static files get these too; pages and the API also get a CSP with a nonce, HSTS and no-store from src/proxy.ts.
  headers() {
    return Promise.resolve([{ source: '/:path*', headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }]);
  },
};

export default config;
