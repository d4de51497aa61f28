import type { Metadata } from "next";
import { CreateUserForm, UserRow } from "@/components/admin/user-forms";
import { PageHeader } from "@/components/ui";
import { requirePermission } from "@/lib/auth/guard";
import { loadAccount, loadApplications, loadUsers } from "@/lib/data/page-loaders";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const admin = await requirePermission("user:manage");
  const account = await loadAccount();
  const [users, applications] = await Promise.all([loadUsers(), account ? loadApplications(account.id) : []]);
  return (
    <>
      <PageHeader title="Users" subtitle="Roles: viewer reads; engineer also edits applications, tag rules and business metrics; owners manage the applications they own; admin does everything." />
      <div className="stack">
        <div className="card">
          <h2>Add a user</h2>
          <CreateUserForm applications={applications} />
        </div>
        <div className="card">
          <div className="table-wrap" tabIndex={0}>
            <table role="table" className="cards-on-phone">
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col">User</th>
                  <th role="columnheader" scope="col">Role</th>
                  <th role="columnheader" scope="col">Owner of</th>
                  <th role="columnheader" scope="col">Last sign-in</th>
                  <th role="columnheader" scope="col">Account</th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                {users.map((u) => (
                  <UserRow key={u.id} user={u} applications={applications} self={u.id === admin.userId} />
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </>
  );
}
