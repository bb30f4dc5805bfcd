/**
 * A test-only broker process: a durable broker on a data directory behind an
 * AMQP listener on a free port. Prints `PORT <n>` once ready, then
 * `RECOVERED <json>` with the recovery report. SIGTERM closes it cleanly;
 * the crash test uses SIGKILL.
 *
 *   node --import tsx test/store/support/durable-broker.ts --data-dir DIR
 */
import { openDataDir } from '../../../engine/adapters/file-store/data-dir.ts';
import { RealScheduler } from '../../../engine/adapters/real-scheduler.ts';
import { startAmqpListener } from '../../../engine/adapters/tcp-listener.ts';
import { Broker } from '../../../engine/core/broker.ts';

const i = process.argv.indexOf('--data-dir');
const dir = i >= 0 ? process.argv[i + 1] : undefined;
if (!dir) {
  console.error('usage: durable-broker.ts --data-dir DIR');
  process.exit(2);
}
const broker = new Broker({ scheduler: new RealScheduler() });
const att = await openDataDir(broker, dir, { log: (l) => console.error(l), store: { onError: (e) => { console.error(e); process.exit(70); } } });
const listener = await startAmqpListener(broker, { port: 0 });
console.log(`RECOVERED ${JSON.stringify(att.report)}`);
console.log(`PORT ${listener.port}`);
process.on('SIGTERM', () => {
  void listener.close().then(() => att.close()).then(() => process.exit(0));
});
