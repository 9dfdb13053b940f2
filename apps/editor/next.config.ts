import type { NextConfig } from 'next';

const config: NextConfig = {
  // Workspace packages ship TypeScript source.
  transpilePackages: ['@claimline/core', '@claimline/db', '@claimline/api'],
  // Native addons and Prisma's runtime load from node_modules at run time.
  serverExternalPackages: ['better-sqlite3', 'argon2', '@prisma/client', '@prisma/adapter-better-sqlite3', '@prisma/driver-adapter-utils'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default config;
