/**
 * Step outputs for GitHub Actions: lines appended to the file `$GITHUB_OUTPUT` names, `key=value` for one-line values
 * and `key<<DELIMITER` ... `DELIMITER` for multi-line ones, with a fixed delimiter refused when the value contains it.
 */
import { appendFileSync } from "node:fs";

/** The heredoc delimiter of multi-line outputs. */
export const OUTPUT_DELIMITER = "AZURE_PLATFORM_IAC_OUTPUT_EOF";

/** One output in `$GITHUB_OUTPUT` syntax, ending with a newline. */
export function formatOutput(key: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) {
    throw new Error(`GITHUB_OUTPUT: output name ${JSON.stringify(key)} is not valid. Fix: use letters, digits, _ and -, starting with a letter or _.`);
  }
  if (!value.includes("\n") && !value.includes("\r")) return `${key}=${value}\n`;
  if (value.includes(OUTPUT_DELIMITER)) {
    throw new Error(
      `GITHUB_OUTPUT: the value of output "${key}" contains the delimiter ${OUTPUT_DELIMITER}, which would end it early. Fix: remove that text from the value.`,
    );
  }
  return `${key}<<${OUTPUT_DELIMITER}\n${value}${value.endsWith("\n") ? "" : "\n"}${OUTPUT_DELIMITER}\n`;
}

/** Appends outputs to `file` (the path in `$GITHUB_OUTPUT`), in the order given. Checks all before writing any. */
export function writeGithubOutput(file: string, outputs: Readonly<Record<string, string>>): void {
  const text = Object.entries(outputs)
    .map(([key, value]) => formatOutput(key, value))
    .join("");
  appendFileSync(file, text);
}
