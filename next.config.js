/** Headers every response carries; the Content-Security-Policy is set per request in proxy.ts (it needs a nonce). */
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm test` checks every type before it builds for the journeys, the routes' own
  // included (`next typegen`, then `tsc --noEmit`), and says so with this variable:
  // the build's type pass would repeat that check (about 23 s here). Every other build checks.
  typescript: { ignoreBuildErrors: process.env.FRUGAL_TYPES_CHECKED === "1" },
  // Native and WebAssembly modules load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/schema-engine-wasm", "@resvg/resvg-js", "nodemailer", "pg", "@prisma/adapter-pg"],
  // forbidden() and unauthorized() render app/forbidden.tsx with a real 403.
  experimental: {
    authInterrupts: true,
    // Turbopack's on-disk build cache: measured here, a build from nothing took 33-38 s with it
    // (writing it) and 23-25 s without; a rebuild after a change 16 s with it. CI and a fresh
    // clone's first `npm start` always build from nothing, so it stays off.
    turbopackFileSystemCacheForBuild: false,
    // CSV uploads of business metrics (up to 5 MB) travel through a server action.
    serverActions: { bodySizeLimit: "6mb" },
  },
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
