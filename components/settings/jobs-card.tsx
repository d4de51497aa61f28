// Where the jobs run: the processes that schedule them (worker processes, one per instance that
// runs them) and the jobs running now, each on the process holding its lease. Read from the
// database, so every instance's dashboard shows the same.
import type { JobStatus } from "@/lib/data/job-status";
import { formatDateTime } from "../format";

const secondsAgo = (date: Date, now: Date) => `${Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000))} s ago`;

export function JobsCard({ status, schedulerOff, now = new Date() }: { status: JobStatus; schedulerOff: boolean; now?: Date }) {
  return (
    <div className="card" id="jobs">
      <h2>Where the jobs run</h2>
      <p className="faint">
        Syncs, overload signals, cost limits and reports run in worker processes, never where pages render. With several instances, each job runs on one process at a time, whichever takes it first; if that
        process dies, another takes the job over within a minute.
      </p>
      {status.workers.length === 0 ? (
        <div className="notice notice-warn">
          <strong>No process has scheduled the jobs in the last minute: syncs, overload signals and limit checks do not run on their own.</strong>
          <p>
            {schedulerOff ? "This instance runs with FRUGAL_SCHEDULER=off. " : ""}Run an instance with FRUGAL_ROLE=all (the default) or FRUGAL_ROLE=worker, with the scheduler on. &ldquo;Sync
            now&rdquo; still works wherever a worker runs.
          </p>
        </div>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table aria-label="Worker processes">
            <thead>
              <tr>
                <th scope="col">Process scheduling the jobs (host:pid)</th>
                <th scope="col" className="right">Last reported</th>
              </tr>
            </thead>
            <tbody>
              {status.workers.map((w) => (
                <tr key={w.name}>
                  <td className="mono">{w.name}</td>
                  <td className="right num" title={formatDateTime(w.lastSeenAt)}>
                    {secondsAgo(w.lastSeenAt, now)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Running now</h3>
      {status.running.length === 0 ? (
        <p className="muted">No job is running.</p>
      ) : (
        <ul className="plain-list" aria-label="Jobs running now">
          {status.running.map((j) => (
            <li key={`${j.job}-${j.process}`}>
              <strong>{j.job}</strong> on <span className="mono">{j.process}</span> <span className="faint">(lease renewed {secondsAgo(j.renewedAt, now)})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
