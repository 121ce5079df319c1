/**
 * npm run policy -- check [--env dev|staging|prod] [--format text|json|ndjson] [--rules g1,g2] <file-or-dir>...
 *
 * Thin entry point: the same command as the policy pack's own `platform-policy` bin (policy-pack/cli/main.ts).
 */
import "../policy-pack/cli/main";
