// OFREP through Next.js, for `npm run dev` only. `npm start` answers /ofrep/* in its
// front process (server.ts) before Next.js sees it; in production this route answers
// 404, so that no second runtime with its own rate limit can be reached (e.g. as
// /./ofrep/...). Both use lib/ofrep/handler.ts.
import { handleOfrep } from "@/lib/ofrep/handler";
import { ofrepRuntime } from "@/lib/ofrep/runtime";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  if (process.env.NODE_ENV === "production") return Response.json({ errorCode: "GENERAL", errorDetails: "Not found." }, { status: 404 });
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
