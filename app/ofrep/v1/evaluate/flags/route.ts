// OFREP through Next.js, for `npm run dev`. `npm start` answers /ofrep/* before
// Next.js sees it (server.ts); both use lib/ofrep/handler.ts.
import { handleOfrep } from "@/lib/ofrep/handler";
import { ofrepRuntime } from "@/lib/ofrep/runtime";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const response = handleOfrep(
    {
      method: request.method,
      path: new URL(request.url).pathname,
      headers: { authorization: request.headers.get("authorization") ?? undefined, "if-none-match": request.headers.get("if-none-match") ?? undefined },
      body: await request.text(),
    },
    ofrepRuntime(),
  );
  const headers = new Headers();
  for (let i = 0; i < response.headers.length; i += 2) headers.append(response.headers[i] as string, response.headers[i + 1] as string);
  return new Response(response.status === 304 ? null : response.body, { status: response.status, headers });
}
