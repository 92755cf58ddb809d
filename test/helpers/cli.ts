// Runs the guildgate CLI in this process with captured output, as the binary would with these arguments and environment.
import { runCli } from '../../src/cli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `env` is the whole environment of the run (no GUILDGATE_* setting of this process leaks in); passwords hash cheaply. */
export async function guildgate(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    { GUILDGATE_PASSWORD_SCRYPT_COST: '1024', GUILDGATE_LOG_LEVEL: 'silent', ...env },
    {
      out: (text) => void (stdout += text),
      err: (text) => void (stderr += text),
    },
  );
  return { code, stdout, stderr };
}
