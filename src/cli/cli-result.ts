/** What an operator command produced; main.ts prints it and exits with `code` (0 ok, 1 check failed, 2 usage or input). */
export interface CliResult {
  code: 0 | 1 | 2;
  stdout?: string;
  stderr?: string;
}
