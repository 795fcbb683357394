/** Runs a process's main function; a failure is printed and ends the process with `exitCode`. */
export function runMain(main: () => Promise<unknown>, exitCode = 1): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(exitCode);
  });
}
