/** The `parley` command. Each subcommand is a module of its own; this file only dispatches. */
import { ConfigError } from '../core/config.ts';
import { activityCommand } from './activity.ts';
import { backupCommand } from './backup.ts';
import { buildWorkerCommand } from './build-worker.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { migrateCommand } from './migrate.ts';
import { summaryCommand } from './summary.ts';
import { webmentionsCommand } from './webmentions.ts';

interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

const commands: Record<string, Command> = {
  migrate: { summary: 'Create or update the database schema (DATABASE_URL, default file:data/parley.db)', run: migrateCommand },
  summary: { summary: 'Who is talking and who waits for you, per post (a slug shows one post in full)', run: summaryCommand },
  activity: { summary: 'What happened lately: parley activity --since 7d', run: activityCommand },
  backup: { summary: 'Write a consistent copy of the embedded database to a file, even while Parley runs', run: backupCommand },
  webmentions: { summary: 'send: notify the sites your posts link to (run after each build and deploy)', run: webmentionsCommand },
  'build-worker': {
    summary: 'Bundle the edge entry for Cloudflare Workers (wrangler deploys .parley/worker/worker.js)',
    run: buildWorkerCommand,
  },
  import: { summary: 'Bring comments in: parley import wordpress|disqus|webmention-io|parley FILE', run: importCommand },
  export: { summary: 'Write everything to one JSON file to move elsewhere: parley export FILE.json', run: exportCommand },
};

function help(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return [
    'Usage: parley <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'Options:',
    '  -h, --help  Show this help',
    '',
    'Configuration comes from the environment; see the README for every variable.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`parley: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    console.error(`parley ${name}: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
