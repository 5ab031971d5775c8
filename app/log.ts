// One JSON line per event, so `vercel logs` can be filtered. Secret values are scrubbed as a last
// line of defence: no code path should log them in the first place.

export type LogFields = Record<string, unknown>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export function createLogger(
  secrets: readonly string[],
  write: (line: string) => void = console.log,
): Logger {
  const scrub = secrets.filter((s) => s.length >= 8);
  const emit = (level: string, event: string, fields: LogFields = {}) => {
    let line = JSON.stringify({ level, event, ...fields, at: new Date().toISOString() });
    for (const secret of scrub) line = line.split(secret).join("[redacted]");
    write(line);
  };
  return {
    info: (event, fields) => emit("info", event, fields),
    error: (event, fields) => emit("error", event, fields),
  };
}
