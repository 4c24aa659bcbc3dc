// The reports kept (read in the browser through short-lived links) and "Run now" for each scheduled job.
import { useState } from 'preact/hooks';
import { WhenLoaded } from '../components.js';
import { JOBS, type JobStatus, jobStatus, listReports, startJob } from '../data/jobs.js';
import { formatTime } from '../format.js';
import { useData } from '../use-data.js';

const FINISHED = new Set(['done', 'failed']);

function JobRow({ name, label }: { name: string; label: string }) {
  const [state, setState] = useState<JobStatus & { startedAt?: number }>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    const startedAt = Date.now();
    try {
      let status = await startJob(name);
      setState({ ...status, startedAt });
      while (status.jobId && !FINISHED.has(status.status)) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        status = { ...(await jobStatus(status.jobId)), jobId: status.jobId };
        setState({ ...status, startedAt });
      }
    } catch (error) {
      setState({ status: 'failed', error: error instanceof Error ? error.message : String(error), startedAt });
    } finally {
      setBusy(false);
    }
  };
  const finished = state && FINISHED.has(state.status);
  return (
    <tr>
      <td>{label}</td>
      <td>
        <button type="button" disabled={busy} onClick={() => void run()} aria-label={`Run ${label} now`}>
          Run now
        </button>
      </td>
      <td aria-live="polite">
        {!state ? (
          '—'
        ) : finished ? (
          <span>
            {state.status === 'failed' ? `Failed: ${state.error ?? ''}` : 'Finished'} in{' '}
            {(((Date.now() - (state.startedAt ?? Date.now())) / 1000) | 0) + 1} s
          </span>
        ) : (
          <>
            <progress aria-label={`${label} progress`} /> {state.status === 'queued' ? 'Queued…' : 'Running…'}
          </>
        )}
      </td>
    </tr>
  );
}

export default function ReportsPage() {
  const reports = useData(() => listReports(), []);
  return (
    <>
      <h1>Reports</h1>
      <h2>Run a job now</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Action</th>
            <th scope="col">Progress</th>
          </tr>
        </thead>
        <tbody>
          {JOBS.map((job) => (
            <JobRow key={job.name} name={job.name} label={job.label} />
          ))}
        </tbody>
      </table>
      <h2>Reports kept</h2>
      {
        <WhenLoaded loaded={reports} what="the reports">
          {(list) =>
            list.length === 0 ? (
              <p>No reports kept yet.</p>
            ) : (
              <ul>
                {list.map((report) => (
                  <li key={report.html.key}>
                    <a href={report.html.url} target="_blank" rel="noreferrer">
                      {report.title}
                    </a>{' '}
                    — {report.period}, {formatTime(report.createdAt)}
                    {report.csv && (
                      <>
                        {' · '}
                        <a href={report.csv.url}>CSV</a>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )
          }
        </WhenLoaded>
      }
    </>
  );
}
