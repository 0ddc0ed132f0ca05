// A worker process for the exactly-once test (test/queue-exactly-once.test.ts): the built store's job
// queue on a PostgreSQL server, whose handler publishes idempotently to the GitHub double, as the pr
// job's status comment does: a comment is written only when none carries the job's marker.
// Usage: node queue-worker.mjs DATABASE_URL API_URL TOKEN REPO
import { JobQueue, openDatabase } from '../../dist/store/index.js';

const [url, apiUrl, token, repo] = process.argv.slice(2);
const db = await openDatabase({ url, dataDir: '', poolSize: 6 });
// The service's own queue settings: a killed worker's jobs are taken over by its heartbeat's silence.
const queue = await JobQueue.open(db);
const headers = {
  authorization: `token ${token}`,
  accept: 'application/vnd.github+json',
  'content-type': 'application/json',
};
await queue.work(async (job) => {
  const marker = `<!-- job:${job.id} -->`;
  const comments = `${apiUrl}/repos/${repo}/issues/${job.payload.pr}/comments`;
  const list = await fetch(`${comments}?per_page=100`, { headers });
  if (!list.ok) throw new Error(`list comments: ${list.status}`);
  const existing = (await list.json()).some((c) => c.body.includes(marker));
  if (!existing) {
    const r = await fetch(comments, {
      method: 'POST',
      headers,
      body: JSON.stringify({ body: `done ${marker}` }),
    });
    if (!r.ok) throw new Error(`comment: ${r.status}`);
  }
  return { outcome: 'fixed', published: existing ? 'none' : 'comment' };
}, 4);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void queue
    .stop(5000)
    .then(() => db.close())
    .then(() => process.exit(0));
});
