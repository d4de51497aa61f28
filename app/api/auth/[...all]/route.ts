// Better Auth's own endpoints (sign-in, sign-out, OIDC callback). They check
// origin and CSRF themselves and rate-limit sign-in; see lib/auth/auth.ts.
import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/auth";

export const { GET, POST } = toNextJsHandler((request: Request) => auth().handler(request));
