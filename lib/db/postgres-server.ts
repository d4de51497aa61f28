// Databases on a PostgreSQL server, for the tests and the benchmark: the URL of one by
// name, and making or dropping one (CREATE / DROP DATABASE run outside any database
// being copied, on the server's maintenance database the URL names).
import pg from "pg";

/** The server's URL with another database name. */
export function databaseUrl(server: string, database: string): string {
  return Object.assign(new URL(server), { pathname: `/${database}` }).toString();
}

export async function onServer<T>(server: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a database (a copy of `template`, when given); `replace` drops one of that name first. Its URL. */
export async function createDatabase(server: string, name: string, { template, replace = false }: { template?: string; replace?: boolean } = {}): Promise<string> {
  await onServer(server, async (c) => {
    if (replace) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  });
  return databaseUrl(server, name);
}

export async function dropDatabase(server: string, name: string): Promise<void> {
  await onServer(server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
