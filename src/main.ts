#!/usr/bin/env node
// Entry point of the `guildgate` binary.
import { runCli } from './cli.js';

runCli(process.argv.slice(2)).then((code) => {
  if (code !== 0) process.exit(code);
});
