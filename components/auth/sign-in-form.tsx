"use client";

import { createAuthClient } from "better-auth/react";
import { useState, type FormEvent } from "react";
import { sameOriginPath } from "@/lib/domain/url";

const authClient = createAuthClient();

export interface DemoCredential {
  role: string;
  email: string;
  password: string;
  description: string;
}

interface Props {
  next: string;
  sso: { providerId: string; name: string } | null;
  demoUsers: DemoCredential[];
}

/** Only same-site paths after sign-in, so a crafted link cannot send people elsewhere. */

export function SignInForm({ next, sso, demoUsers }: Props) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const { error: failure } = await authClient.signIn.email({ email, password });
    if (failure) {
      setPending(false);
      setError(
        failure.status === 429
          ? (failure.message ?? "Too many attempts. Wait a minute and try again.")
          : failure.status === 401
            ? "Wrong e-mail or password."
            : (failure.message ?? "Signing in failed. Try again."),
      );
      return;
    }
    // A full load, not a client navigation: the router cached what signed-out prefetches got (redirects here).
    window.location.assign(sameOriginPath(next));
  }

  async function signInWithSso() {
    if (!sso) return;
    setPending(true);
    // The generic OIDC endpoint of Better Auth answers with the provider's authorization URL.
    const { data, error: failure } = await authClient.$fetch<{ url?: string }>("/sign-in/oauth2", {
      method: "POST",
      body: { providerId: sso.providerId, callbackURL: sameOriginPath(next) },
    });
    if (failure || !data?.url) {
      setPending(false);
      setError(failure?.message ?? "Single sign-on failed.");
      return;
    }
    window.location.href = data.url;
  }

  return (
    <div className="stack">
      <form className="card sign-in" onSubmit={submit} aria-label="Sign in">
        <h1>Sign in to Frugal</h1>
        <label htmlFor="email">E-mail</label>
        <input id="email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
        {sso && (
          <button type="button" onClick={signInWithSso} disabled={pending}>
            Sign in with {sso.name}
          </button>
        )}
      </form>
      {demoUsers.length > 0 && (
        <div className="card">
          <h2>Demo accounts</h2>
          <p className="muted">This is the demo. Each role can be tried with these accounts; pick one to fill the form.</p>
          <ul className="demo-accounts">
            {demoUsers.map((u) => (
              <li key={u.email}>
                <div>
                  <strong>{u.role}</strong> <span className="faint">— {u.description}</span>
                  <div className="mono">
                    {u.email} · {u.password}
                  </div>
                </div>
                <button
                  type="button"
                  onClick={() => {
                    setEmail(u.email);
                    setPassword(u.password);
                  }}
                  aria-label={`Use the ${u.role} account`}
                >
                  Use
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
