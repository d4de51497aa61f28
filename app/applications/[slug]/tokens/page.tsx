import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatAgo, formatDateTime } from "@/components/format";
import { CreateTokenForm, RevokeTokenButton } from "@/components/tokens/token-forms";
import { ApplicationNav } from "@/components/application/application-nav";
import { PageHeader } from "@/components/ui";
import { requireUser } from "@/lib/auth/guard";
import { loadAccount, loadApplication, loadTokens } from "@/lib/data/page-loaders";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `API tokens · ${(await params).slug}` };
}

export default async function TokensPage({ params }: Props) {
  const [{ slug }, user] = await Promise.all([params, requireUser()]);
  const account = await loadAccount();
  const app = account && (await loadApplication(account.id, slug));
  if (!app) notFound();
  const tokens = await loadTokens(app.id, app.name);
  return (
    <>
      <PageHeader
        title="API tokens"
        subtitle={`Machine credentials for ${app.name}: each works for this application only, with one scope.`}
        breadcrumbs={
          <>
            <Link href="/">Applications</Link> / <Link href={`/applications/${app.slug}`}>{app.name}</Link> /
          </>
        }
      />
      <ApplicationNav user={user} app={app} />
      <div className="stack">
        <div className="card">
          <h2>Create a token</h2>
          <CreateTokenForm applicationId={app.id} />
          <p className="legend-note">
            Send it as <code>Authorization: Bearer &lt;token&gt;</code>. Frugal keeps only a hash of it.
          </p>
        </div>
        <div className="card">
          <h2>Tokens</h2>
          {tokens.length === 0 ? (
            <p className="muted">No tokens yet.</p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table role="table" className="cards-on-phone">
                <thead role="rowgroup">
                  <tr role="row">
                    <th role="columnheader" scope="col">Name</th>
                    <th role="columnheader" scope="col">Scope</th>
                    <th role="columnheader" scope="col">Token</th>
                    <th role="columnheader" scope="col">Created</th>
                    <th role="columnheader" scope="col">Last used</th>
                    <th role="columnheader" scope="col">Status</th>
                    <th role="columnheader" scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  {tokens.map((t) => (
                    <tr role="row" key={t.id}>
                      <td role="cell">{t.name}</td>
                      <td role="cell" data-label="Scope">
                        <span className="badge badge-neutral">{t.scope}</span>
                      </td>
                      <td role="cell" className="mono" data-label="Token">{t.prefix}…</td>
                      <td role="cell" data-label="Created">
                        <span title={formatDateTime(t.createdAt)}>{formatAgo(t.createdAt)}</span>
                        {t.createdBy && <div className="faint">by {t.createdBy}</div>}
                      </td>
                      <td role="cell" data-label="Last used">{t.lastUsedAt ? <span title={formatDateTime(t.lastUsedAt)}>{formatAgo(t.lastUsedAt)}</span> : <span className="muted">never</span>}</td>
                      <td role="cell" data-label="Status">{t.revokedAt ? <span className="badge badge-bad">revoked {formatAgo(t.revokedAt)}</span> : <span className="badge badge-good">active</span>}</td>
                      <td role="cell" className="right actions-cell">{!t.revokedAt && <RevokeTokenButton tokenId={t.id} name={t.name} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
    </>
  );
}
