// A generated source file formatted as the project's check wants it (prettier, the file's own configuration), so that
// regenerating it never fails `npm run check` on style.
export async function formatted(file: string, body: string): Promise<string> {
  const prettier = await import('prettier');
  return prettier.format(body, { ...(await prettier.resolveConfig(file)), filepath: file });
}
