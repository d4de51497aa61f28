import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// Offline: the Prisma 7 CLI resolves its native schema engine (downloaded from
// Prisma's binary host) before every command, even `generate`, which never runs it.
// When no native engine is installed, point it at a stub that says what to use
// instead (migrations run through the WebAssembly engine: lib/db/migrate.ts).
const engines = path.resolve("node_modules/@prisma/engines");
const hasNativeEngine = fs.existsSync(engines) && fs.readdirSync(engines).some((f) => f.startsWith("schema-engine-"));
if (!hasNativeEngine) process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("scripts/no-schema-engine.sh");

export default defineConfig({
  schema: "prisma/schema.prisma",
});
