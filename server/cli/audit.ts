import { withStores } from './cli-stores.ts';
import { type Command, CommandError, parseFlags } from './run-command.ts';

/** `pitboss audit ...`: the audit trail's tamper evidence. */
export const auditCommands: Record<string, Command> = {
  'audit verify': {
    usage: 'pitboss audit verify',
    summary:
      'walk the audit_log hash chain; prints {"ok":true,"rows":N} or names the first broken row (exit 1)',
    run: async (args, env) => {
      parseFlags(args, {});
      const report = await withStores(env, ({ audit }) => audit.reader.verifyChain());
      if (!report.ok) {
        throw new CommandError(
          `audit chain broken at row ${report.brokenId} (${report.reason} does not match; ${report.rows} rows before it verified)`,
        );
      }
      return report;
    },
  },
};
