import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@casebook/event-store';
import { benchDatabase } from './database';
import { format, load } from './measure';
async function main() {
  const db = await benchDatabase();
  const store = new PostgresEventStore({ connectionString: db.url, poolSize: 32 });
  const data = { caseId: randomUUID(), caseNumber: 'CP-202611-0001', kind: 'complaint', siteId: 'site-1', channel: 'phone', category: 'repair_delay', severity: 'general', market: 'domestic', subject: 'Water leaking from the ceiling', description: 'Leak in the bathroom ceiling since yesterday', complainant: { name: 'v1.sealed', phone: 'v1.sealed' }, complainantKeyId: randomUUID(), receivedAt: new Date().toISOString(), firstResponderId: 'agent-1', firstResponderDepartmentId: 'front', deadlines: { firstReplyBy: new Date().toISOString(), resolutionBy: new Date().toISOString() } };
  const f = await load(() => { const c = randomUUID(); return store.append(`case-${randomUUID()}`, [{ eventId: randomUUID(), type: 'ComplaintLogged', version: 1, data, metadata: { actorId: 'a', actorRole: 'agent', commandId: c, correlationId: c, causationId: c, policyVersions: { sla: 1 } }, recordedAt: new Date().toISOString() }], { expectedRevision: 'no_stream' }); }, { concurrency: 32, seconds: 8 });
  console.log(format(f, 'appends'), 'cpu', process.cpuUsage());
  await store.close(); await db.drop();
}
main();
