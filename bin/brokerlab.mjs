#!/usr/bin/env node
/**
 * `brokerlab <command> [args]`: runs engine/cli/<command>.ts through tsx.
 * A command module exports `main(args: string[]): Promise<number>`; its
 * result is the exit status. Add a command by adding its module there.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const cliDir = fileURLToPath(new URL('../engine/cli/', import.meta.url));
const [command, ...args] = process.argv.slice(2);
const commands = readdirSync(cliDir)
  .filter((f) => f.endsWith('.ts') && !f.includes('.test.'))
  .map((f) => f.slice(0, -3))
  .filter((n) => !n.startsWith('_'));

if (command === undefined || command === '--help' || command === '-h' || !commands.includes(command)) {
  if (command !== undefined && !command.startsWith('-')) console.error(`brokerlab: unknown command '${command}'`);
  console.error(`usage: brokerlab <command> [args]\ncommands: ${commands.join(', ')}`);
  process.exit(command === undefined || command.startsWith('-') ? 0 : 2);
}

// Output piped into `head` and the like: a closed pipe ends the command quietly.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const file = `${cliDir}${command}.ts`;
if (!existsSync(file)) process.exit(2);
register();
const mod = await import(new URL(`../engine/cli/${command}.ts`, import.meta.url).href);
const status = typeof mod.main === 'function' ? await mod.main(args) : 0;
process.exitCode = typeof status === 'number' ? status : 0;
