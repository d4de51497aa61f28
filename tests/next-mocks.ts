// Server actions read the request's headers through next/headers and revalidate
// through next/cache; outside a Next.js request these stand in for them.
import { vi } from "vitest";

export const requestHeaders = { current: new Headers() };

export function actAs(cookie: string | null): void {
  requestHeaders.current = new Headers({ host: "localhost:3000", origin: "http://localhost:3000", ...(cookie ? { cookie } : {}) });
}

export const nextHeadersMock = () => ({ headers: async () => requestHeaders.current, cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined }) });
export const nextCacheMock = () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() });
