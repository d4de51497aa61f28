import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** Modules that do I/O or belong to a framework: the domain layer stays pure. */
const IO_MODULES = [
  "@prisma/*",
  "better-sqlite3",
  "@aws-sdk/*",
  "@smithy/*",
  "next",
  "next/*",
  "react",
  "react-dom",
  "react/*",
  "node:fs",
  "node:fs/*",
  "fs",
  "fs/*",
  "node:http",
  "node:https",
  "node:net",
  "node:child_process",
  "child_process",
  "http",
  "https",
  "net",
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/db/generated/**", "lib/db/generated-pg/**", "next-env.d.ts", "test-results/**", "playwright-report/**", ".frugal/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", { selector: "ThrowStatement > Literal", message: "Throw an Error subclass, not a literal." }],
    },
  },
  {
    // lib/ never reaches up into the UI or the routes.
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*", "@/components/*", "**/app/*", "**/components/*"], message: "lib/ must not import app/ or components/." }] }],
    },
  },
  {
    // Pages, layouts and components read only through the guarded page loaders.
    files: ["app/**/*.tsx", "components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/lib/db/*"], allowTypeImports: true, message: "Pages read through @/lib/data/page-loaders, which checks the session." },
            { group: ["@/lib/data/*", "!@/lib/data/page-loaders"], allowTypeImports: true, message: "Pages read through @/lib/data/page-loaders, which checks the session." },
          ],
        },
      ],
    },
  },
  {
    // Route handlers and server actions get the database from their wrapper (lib/auth/api-route.ts, server-action.ts).
    files: ["app/**/route.ts", "app/**/actions.ts"],
    ignores: ["app/api/health/route.ts", "app/api/ready/route.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/db/*"], allowTypeImports: true, message: "Use the db that apiRoute()/serverAction() hands to the handler." }] },
      ],
    },
  },
  {
    // lib/domain is pure: no database, no AWS, no framework, no file or network I/O.
    files: ["lib/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: IO_MODULES.filter((m) => !m.endsWith("/*")).map((name) => ({ name, message: "lib/domain is pure: no I/O or framework imports." })),
          patterns: [
            { group: IO_MODULES.filter((m) => m.endsWith("/*")), message: "lib/domain is pure: no I/O or framework imports." },
            { group: ["**/db/*", "**/data/*", "**/sources/*", "**/jobs/*", "@/lib/db/*", "@/lib/data/*", "@/lib/sources/*", "@/lib/jobs/*", "**/env", "@/lib/env"], message: "lib/domain must not import the layers that do I/O." },
          ],
        },
      ],
    },
  },
];

export default config;
