/**
 * Private outputs are readable by their owner only: files 0600, folders 0700.
 * The process's file-mode mask is set to 077 before anything is written, so
 * every file the pipeline creates (DuckDB's Parquet and spill files included) is
 * private, whatever writes it.
 */
export const PRIVATE_UMASK = 0o077;

export function restrictNewFiles(): void {
  process.umask(PRIVATE_UMASK);
}
