import type { Broker } from '../core/broker.ts';
import { importDefinitions } from '../sim/definitions/apply.ts';
import { exportDefinitions } from '../sim/definitions/export.ts';
import { ScenarioError } from '../sim/scenario/issues.ts';
import type { DefinitionsImportResult } from './contract.ts';
import { HostFailure } from './host-error.ts';
import type { DefinitionsPort } from './host-ports.ts';

/** A definitions file that failed to import, with every problem at its path. */
export class DefinitionsFailure extends HostFailure {
  constructor(issues: readonly { path: string; message: string }[]) {
    super('bad-request', `invalid definitions: ${issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')}`, issues);
  }
}

/** RabbitMQ definitions.json through the simulator's import/export (engine/sim/definitions). */
export const simDefinitions: DefinitionsPort = {
  export(broker: Broker, vhost?: string) {
    if (vhost !== undefined && !broker.vhosts.has(vhost)) throw new HostFailure('not-found', `no vhost '${vhost}'`);
    return exportDefinitions(broker, vhost === undefined ? {} : { vhost });
  },
  import(broker: Broker, doc: unknown, vhost?: string): DefinitionsImportResult {
    try {
      const r = importDefinitions(broker, doc, vhost === undefined ? {} : { vhost });
      return { applied: r.applied, warnings: [...r.warnings] };
    } catch (e) {
      if (e instanceof ScenarioError) throw new DefinitionsFailure(e.issues);
      throw e;
    }
  },
};
